/** Text as GBK bytes, the way Chinese Excel saves "CSV (逗号分隔)", from the runtime's own GB18030 decoder. */
let table: Map<string, number> | null = null;

function gbkTable(): Map<string, number> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, (lead << 8) | trail);
    }
  }
  return table;
}

export function encodeGbk(text: string): Buffer {
  const codes = gbkTable();
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const double = codes.get(ch);
      if (double === undefined) throw new Error(`not in GBK: ${ch}`);
      out.push(double >> 8, double & 0xff);
    }
  }
  return Buffer.from(out);
}
