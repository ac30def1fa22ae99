/**
 * Collection notices and letter templates as the HTTP API answers them
 * (src/http/routes/collections-letters.schema.ts). Query keys start with ['collections', 'letters'].
 */
import { useQuery } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client';

export const noticeTypes = ['late_notice', 'sb998_notice', 'door_hanger', 'final_notice', 'shutoff_notice', 'arrangement_offer',
  'arrangement_default', 'reconnection', 'lien_notice', 'closed_account_final', 'tenant_notice'] as const;
export type NoticeType = (typeof noticeTypes)[number];

export const noticeTypeLabels: Record<NoticeType, string> = {
  late_notice: 'Late notice',
  sb998_notice: 'SB 998 notice',
  door_hanger: '48-hour door hanger',
  final_notice: 'Final notice',
  shutoff_notice: 'Shutoff notice',
  arrangement_offer: 'Arrangement offer',
  arrangement_default: 'Arrangement default',
  reconnection: 'Reconnection',
  lien_notice: 'Lien notice',
  closed_account_final: 'Closed account final',
  tenant_notice: 'Tenant notice',
};

export const languageLabels: Record<string, string> = { en: 'English', es: 'Spanish', zh: 'Chinese', tl: 'Tagalog', vi: 'Vietnamese', ko: 'Korean' };

export interface Notice {
  id: number;
  noticeNumber: string;
  noticeType: NoticeType;
  noticeDate: string;
  delivery: 'mail' | 'phone' | 'posted' | 'email';
  language: string;
  amountDueCents: number;
  disconnectOnOrAfter: string | null;
  caseId: number | null;
  utilityAccountId: number;
  accountNumber: string;
  customerId: number;
  customerNumber: string;
  customerName: string;
  serviceAddress: string;
  createdAt: string;
  createdBy: string;
}

export interface LetterTemplate {
  id: number;
  noticeType: NoticeType;
  language: string;
  version: number;
  effectiveFrom: string;
  subject: string;
  body: string;
  isActive: boolean;
  changeNote: string | null;
  createdAt: string;
  createdBy: string;
  fields: string[];
  dataKeys: string[];
}

export interface MergeFieldInfo {
  name: string;
  kind: 'text' | 'money' | 'date' | 'lines';
  source: 'account' | 'notice' | 'office' | 'data';
  dataKey: string | null;
  description: string;
}

export type LetterBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'lines'; lines: string[] };

export interface TemplatePreview {
  problems: Array<{ field: string; message: string }>;
  subject: string;
  blocks: LetterBlock[];
  fields: string[];
}

export interface TemplateDraft {
  noticeType: NoticeType;
  language: string;
  subject: string;
  body: string;
  effectiveFrom?: string | null;
  changeNote?: string | null;
}

export function noticePdfUrl(notice: string): string {
  return `/api/collections/notices/${encodeURIComponent(notice)}/pdf`;
}

export function printFileUrl(date: string, type: NoticeType): string {
  return withQuery('/api/collections/notices/print', { date, type });
}

export function useNotices(filters: { date: string; type: NoticeType | ''; account: string }) {
  return useQuery({
    queryKey: ['collections', 'letters', 'notices', filters],
    queryFn: ({ signal }) => apiRequest<{ notices: Notice[] }>('GET', '/api/collections/notices', {
      query: { date: filters.date, type: filters.type, account: filters.account.trim(), limit: 5000 }, signal,
    }),
    enabled: filters.date !== '' || filters.account.trim() !== '',
  });
}

export function useLetterTemplates() {
  return useQuery({
    queryKey: ['collections', 'letters', 'templates'],
    queryFn: ({ signal }) => apiRequest<{ templates: LetterTemplate[]; mergeFields: MergeFieldInfo[]; noticeTypes: NoticeType[] }>(
      'GET', '/api/collections/letter-templates', { signal }),
  });
}

export function useTemplatePreview(draft: { language: string; subject: string; body: string }) {
  return useQuery({
    queryKey: ['collections', 'letters', 'preview', draft],
    queryFn: ({ signal }) => apiRequest<TemplatePreview>('POST', '/api/collections/letter-templates/preview', { body: draft, signal }),
    placeholderData: (previous) => previous,
  });
}

export function saveLetterTemplate(draft: TemplateDraft): Promise<LetterTemplate> {
  return apiRequest<LetterTemplate>('POST', '/api/collections/letter-templates', { body: draft });
}
