import type { ImportRowError } from '@fleet/contracts-platform';
import { isEmail } from 'class-validator';
import { parseCsv } from './csv';

export const MAX_IMPORT_ROWS = 5000;

export interface ImportRow {
  line: number;
  email: string;
  displayName: string;
  /** Values of the optional columns asked for (lower-cased column name → trimmed value). */
  extra: Record<string, string>;
}

/**
 * Validates a user CSV (header `email,displayName`, any order, case-insensitive) row by row: every
 * row is either accepted or rejected with its line, field and reason; duplicates within the file
 * are rejected after their first occurrence.
 */
export function validateUserCsv(csv: string, optionalColumns: string[] = []): { rows: ImportRow[]; errors: ImportRowError[] } {
  let records;
  try {
    records = parseCsv(csv);
  } catch (err) {
    return { rows: [], errors: [{ line: 0, field: 'csv', reason: (err as Error).message }] };
  }
  const header = records.shift();
  if (!header) return { rows: [], errors: [{ line: 1, field: 'csv', reason: 'the file is empty: expected a header line "email,displayName"' }] };
  const cols = header.fields.map((h) => h.trim().toLowerCase());
  const emailAt = cols.indexOf('email');
  const nameAt = cols.indexOf('displayname');
  const extraAt = optionalColumns.map((c) => [c.toLowerCase(), cols.indexOf(c.toLowerCase())] as const).filter(([, i]) => i >= 0);
  if (emailAt < 0 || nameAt < 0) return { rows: [], errors: [{ line: 1, field: 'header', reason: 'the header must name the columns email and displayName' }] };
  if (records.length > MAX_IMPORT_ROWS) return { rows: [], errors: [{ line: 0, field: 'csv', reason: `at most ${MAX_IMPORT_ROWS} rows per import (got ${records.length})` }] };
  const rows: ImportRow[] = [];
  const errors: ImportRowError[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    const email = (r.fields[emailAt] ?? '').trim().toLowerCase();
    const displayName = (r.fields[nameAt] ?? '').trim();
    const error = rowError(r.line, email, displayName, seen);
    if (error) errors.push(error);
    else {
      seen.add(email);
      rows.push({ line: r.line, email, displayName, extra: Object.fromEntries(extraAt.map(([c, i]) => [c, (r.fields[i] ?? '').trim()])) });
    }
  }
  return { rows, errors };
}

/** Why one row is rejected, or undefined when it is accepted. */
function rowError(line: number, email: string, displayName: string, seen: ReadonlySet<string>): ImportRowError | undefined {
  if (!isEmail(email) || email.length > 254) return { line, field: 'email', reason: email ? `"${email.slice(0, 80)}" is not an e-mail address` : 'is empty' };
  if (!displayName || displayName.length > 120) return { line, field: 'displayName', reason: displayName ? 'is longer than 120 characters' : 'is empty' };
  if (seen.has(email)) return { line, field: 'email', reason: `${email} appears earlier in the file` };
  return undefined;
}
