/**
 * The CSV layouts a conversion reads (documented for people in docs/conversion.md, with samples in
 * docs/samples/). Headers are matched without regard to case, surrounding spaces or spaces versus
 * underscores; a column the layout does not know is a problem (it is usually a typo of one it does).
 */
export const conversionKinds = ['customers', 'parcels', 'locations', 'accounts', 'balances'] as const;
export type ConversionKind = (typeof conversionKinds)[number];

export interface Layout {
  required: readonly string[];
  optional: readonly string[];
}

export const layouts: Readonly<Record<ConversionKind, Layout>> = {
  customers: {
    required: ['legacy_id', 'type', 'legal_name'],
    optional: ['dba_name', 'phone', 'phone2', 'email', 'mail_line1', 'mail_line2', 'mail_city', 'mail_state',
      'mail_zip', 'language', 'flags', 'tin_type', 'tin', 'notes'],
  },
  parcels: {
    required: ['apn', 'situs_line1', 'situs_city', 'situs_zip'],
    optional: ['owner_of_record', 'land_use'],
  },
  locations: {
    required: ['legacy_id', 'apn', 'address_line1'],
    optional: ['unit', 'description'],
  },
  accounts: {
    required: ['legacy_account_id', 'customer_legacy_id', 'kind', 'fund', 'opened_on'],
    optional: ['apn', 'location_legacy_id', 'role', 'legacy_account_number', 'description'],
  },
  balances: {
    required: ['legacy_account_id', 'as_of', 'amount'],
    optional: ['legacy_item_id', 'due_date', 'class', 'offset_account', 'description'],
  },
};

/** The order files are checked and written in: each refers only to kinds before it. */
export function inDependencyOrder<T extends { kind: ConversionKind }>(files: readonly T[]): T[] {
  return [...files].sort((a, b) => conversionKinds.indexOf(a.kind) - conversionKinds.indexOf(b.kind));
}

/** Which mapping-table kind (migration 009) a file's rows are remembered under. */
export const mapKindOf = {
  customers: 'customer',
  parcels: 'parcel',
  locations: 'location',
  accounts: 'account',
  balances: 'balance',
} as const satisfies Record<ConversionKind, string>;

export function parseConversionKind(value: string): ConversionKind {
  const kind = (conversionKinds as readonly string[]).find((candidate) => candidate === value);
  if (!kind) throw new Error(`unknown conversion kind ${value}`);
  return kind as ConversionKind;
}

export function isConversionKind(value: string): value is ConversionKind {
  return (conversionKinds as readonly string[]).includes(value);
}
