import { readDelimited } from '../../../shared/delimited-text';

export interface CsvTable {
  rows: string[][];
  /** More rows were in the file than `maxRows`. */
  truncated: boolean;
}

/**
 * A CSV file's records as the preview shows them: blank lines left out, at most
 * `maxRows` records read (a huge file stops early and says so).
 */
export function parseCsv(text: string, maxRows = 1000): CsvTable {
  const { rows, stopped } = readDelimited(text, ',', { rows: maxRows, columns: Number.POSITIVE_INFINITY, cells: Number.POSITIVE_INFINITY });
  return { rows: rows.filter((row) => !(row.length === 1 && row[0] === '')), truncated: stopped !== null };
}
