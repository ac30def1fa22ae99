/**
 * The shared vocabulary of collections. The tables are in migration 023 (penalties 024, liens 025).
 */
export const stepTypes = ['late_notice', 'sb998_notice', 'door_hanger', 'final_notice', 'shutoff_order'] as const;
export type StepType = (typeof stepTypes)[number];

export const noticeTypes = [
  'late_notice',
  'sb998_notice',
  'door_hanger',
  'final_notice',
  'shutoff_notice',
  'arrangement_offer',
  'arrangement_default',
  'reconnection',
  'lien_notice',
  'closed_account_final',
  'tenant_notice',
] as const;
export type NoticeType = (typeof noticeTypes)[number];

export const deliveries = ['mail', 'phone', 'posted', 'email'] as const;
export type Delivery = (typeof deliveries)[number];

export const protectionTypes = [
  'appeal',
  'bill_investigation',
  'medical_certification',
  'inability_to_pay',
  'willing_arrangement',
  'low_income',
] as const;
export type ProtectionType = (typeof protectionTypes)[number];

export const arrangementTypes = ['amortization', 'alternative_schedule', 'reduced', 'deferred'] as const;
export type ArrangementType = (typeof arrangementTypes)[number];

export const shutoffStatuses = ['pending', 'released', 'completed', 'cancelled', 'reconnected'] as const;
export type ShutoffStatus = (typeof shutoffStatuses)[number];
