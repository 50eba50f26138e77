import { type AuditEvent } from '@wharf/contracts';

const COLUMNS = [
  'seq',
  'at',
  'actorType',
  'actorId',
  'actorName',
  'tokenId',
  'ip',
  'action',
  'targetType',
  'targetId',
  'hostId',
  'result',
  'correlationId',
  'details',
  'prevHash',
  'hash',
] as const;

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
function cell(value: string | number | Record<string, unknown> | null): string {
  let text =
    value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function auditCsv(events: readonly AuditEvent[]): string {
  const lines = events.map((e) => COLUMNS.map((c) => cell(e[c])).join(','));
  return `${[COLUMNS.join(','), ...lines].join('\r\n')}\r\n`;
}
