import { describe, expect, it } from 'vitest';
import { decodeXmlText, DocxTextScanner } from '../../../../src/main/core/extract/docx-text';
import { TextBudget, tidyText } from '../../../../src/main/core/extract/extract-types';

const XML =
  '<?xml version="1.0"?><w:document><w:body><w:p><w:pPr><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr>' +
  '<w:r><w:t xml:space="preserve">A&amp;B 中&#x6587; &#25991;</w:t></w:r><!-- a > b --><w:r><w:t><![CDATA[<raw>]]></w:t></w:r></w:p>' +
  '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr></w:tbl>' +
  '<w:p><w:r><w:t>end</w:t><w:tab/><w:t>x</w:t></w:r></w:p></w:body></w:document>';

function scan(chunks: string[]): string {
  const out: string[] = [];
  const scanner = new DocxTextScanner((piece) => {
    out.push(piece);
    return true;
  });
  chunks.forEach((chunk, i) => scanner.feed(chunk, i === chunks.length - 1));
  return out.join('');
}

describe('DocxTextScanner', () => {
  it('gives the same text however the part is cut into chunks', () => {
    const whole = scan([XML]);
    expect(whole).toBe('A&B 中文 文<raw>\n1 2 \t3 \t\n\nend\tx\n');
    for (let size = 1; size <= 64; size++) {
      const chunks = Array.from({ length: Math.ceil(XML.length / size) }, (_, i) => XML.slice(i * size, (i + 1) * size));
      expect(scan(chunks), `chunks of ${size}`).toBe(whole);
    }
  });

  it('stops when the text is full, and at markup that never closes', () => {
    const pieces: string[] = [];
    const scanner = new DocxTextScanner((piece) => pieces.push(piece) < 2);
    expect(scanner.feed('<w:p><w:t>a</w:t><w:t>b</w:t><w:t>c</w:t></w:p>', true)).toBe(false);
    expect(pieces).toEqual(['a', 'b']);
    expect(scan(['<w:p><w:t>kept</w:t><w:t unclosed', ' still going'])).toBe('kept');
  });

  it('decodes entities and refuses character references that are no characters', () => {
    expect(decodeXmlText('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#0;&#xD800;&unknown;')).toBe('<>&"\'AB&unknown;');
  });
});

describe('text helpers', () => {
  it('cuts at a character count without splitting a surrogate pair', () => {
    const budget = new TextBudget(3);
    expect(budget.add('ab')).toBe(true);
    expect(budget.add('😀x')).toBe(false);
    expect(budget.text()).toBe('ab');
    expect(budget.truncated).toBe(true);
  });

  it('tidies line ends and blank lines', () => {
    expect(tidyText('\r\n\r\n\tcell\tx  \r\na\n\n\n\nb \u3000\n')).toBe('\tcell\tx\na\n\nb');
  });
});
