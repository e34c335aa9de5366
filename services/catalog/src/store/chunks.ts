/** Rows per multi-row statement: SQL Server allows 2100 parameters a statement, our widest row has 12 columns. */
export const ROWS_PER_STATEMENT = 100;

/** Splits a list into chunks of at most `size`. */
export function chunks<T>(items: T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
