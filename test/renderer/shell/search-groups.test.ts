import { describe, expect, it } from 'vitest';
import { byClient, type DocumentHit } from '../../../src/renderer/src/shell/search-groups';
import { documentMeta } from '../fixtures';

const hit = (n: number, clientN: number): DocumentHit => ({ ...documentMeta(n, clientN), clientName: `客户${clientN}`, snippet: null });

describe('byClient', () => {
  it("groups document hits by client, clients in the order of their best hit, main's order kept within", () => {
    const groups = byClient([hit(1, 2), hit(2, 1), hit(3, 2), hit(4, 3), hit(5, 1)]);
    expect(groups.map((g) => g.map((d) => d.id))).toEqual([
      [hit(1, 2).id, hit(3, 2).id],
      [hit(2, 1).id, hit(5, 1).id],
      [hit(4, 3).id],
    ]);
  });

  it('is empty for no hits', () => {
    expect(byClient([])).toEqual([]);
  });
});
