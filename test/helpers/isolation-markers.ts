import { createHash } from 'node:crypto';
import { creditCodeCheckChar } from '../../src/shared/credit-code';

/** A valid 统一社会信用代码 built around a marker digit run (the code itself is the marker). */
function creditCode(seed: string): string {
  const first17 = `91350100M${seed}`.slice(0, 17);
  return `${first17}${creditCodeCheckChar(first17)}`;
}

/**
 * A distinct marker in every field of one client and one of its documents (issue 13's isolation check):
 * `tag` names the client, `seed` is 8 digits.
 */
export function markersOf(tag: string, seed: string) {
  return {
    name: `${tag}名称标记有限公司`,
    creditCode: creditCode(seed),
    contactPerson: `${tag}联系人标记`,
    phone: `139${seed.slice(0, 8)}`,
    address: `${tag}地址标记路8号`,
    bankAccount: `6222${seed}${seed}`.slice(0, 19),
    notes: `${tag}备注标记：机密`,
    docName: `${tag}文件名标记-2024-03.txt`,
    tag: `${tag}标签标记`,
    docNotes: `${tag}资料备注标记`,
    content: `${tag}文件内容标记：银行对账单`,
  };
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
