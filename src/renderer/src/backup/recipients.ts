/** Extra backup recipients as the schedule form edits them: one age1… public key per line. */
import { AGE_RECIPIENT_PATTERN } from '../../../shared/domain';

/** The non-empty lines, trimmed. */
export function recipientLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The 1-based number of the first line that is not an age1… recipient; null when all are. */
export function firstInvalidRecipient(text: string): number | null {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const index = lines.findIndex((line) => line !== '' && !AGE_RECIPIENT_PATTERN.test(line));
  return index < 0 ? null : index + 1;
}
