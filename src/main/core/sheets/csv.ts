import { readDelimited, type DelimitedLimits } from '../../../shared/delimited-text';
import { sheetError } from './zip-guard';

/** Comma unless the first line (outside quotes) has more tabs than commas. */
export function detectDelimiter(text: string): ',' | '\t' {
  let commas = 0;
  let tabs = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === '\t') tabs++;
  }
  return tabs > commas ? '\t' : ',';
}

/** The records of a .csv/.txt; too many rows, columns or cells, or a quote that never closes, refuse the file. */
export function parseDelimited(text: string, delimiter: string, max: DelimitedLimits): string[][] {
  const { rows, stopped, unclosedQuote } = readDelimited(text, delimiter, max);
  if (stopped) throw sheetError('too-large');
  if (unclosedQuote) throw sheetError('damaged');
  return rows;
}
