/**
 * Office files as Word and Excel write them, with the parts a preview reads: styles (headings),
 * numbering (lists), run formatting, tables with merged cells and a picture in a .docx; shared
 * strings, number formats, formulas with their cached results, merged cells, column widths and
 * several sheets in an .xlsx. For the preview's unit tests and its e2e spec.
 */
import { PNG } from 'pngjs';
import { writeZip, type ZipEntry } from './zip-writer';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const xml = (s: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`;
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A solid-colour PNG that Chromium decodes. */
export function solidPng(width: number, height: number, rgb: [number, number, number] = [22, 119, 255]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(png);
}

export interface RunSpec {
  text: string;
  b?: boolean;
  i?: boolean;
  u?: boolean;
}

export function run(r: RunSpec | string): string {
  const spec = typeof r === 'string' ? { text: r } : r;
  const props = `${spec.b ? '<w:b/><w:bCs/>' : ''}${spec.i ? '<w:i/>' : ''}${spec.u ? '<w:u w:val="single"/>' : ''}`;
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(spec.text)}</w:t></w:r>`;
}

export function para(runs: (RunSpec | string)[], props = ''): string {
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${runs.map(run).join('')}</w:p>`;
}

export const heading = (level: number, text: string) => para([text], `<w:pStyle w:val="${level}"/>`);
export const listItem = (numId: number, ilvl: number, text: string) => para([text], `<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`);

export function cell(text: string, props = ''): string {
  return `<w:tc><w:tcPr><w:tcW w:w="2400" w:type="dxa"/>${props}</w:tcPr>${para([text])}</w:tc>`;
}

export const table = (rows: string[][]) => `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>${rows.map((cells) => `<w:tr>${cells.join('')}</w:tr>`).join('')}</w:tbl>`;

export function picture(relId: string, descr: string): string {
  return `<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="952500" cy="952500"/><wp:docPr id="1" name="Picture 1" descr="${esc(descr)}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="${relId}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;
}

/** Heading styles as Chinese Word names them (ids "1", "2"; names "heading 1"), and a list style. */
const STYLES = xml(
  `<w:styles xmlns:w="${W}"><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>` +
    `<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="a"/></w:style></w:styles>`,
);

/** numId 1: （一） then 1. ; numId 2: bullets. */
const NUMBERING = xml(
  `<w:numbering xmlns:w="${W}">` +
    `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>` +
    `<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uF0B7"/></w:lvl></w:abstractNum>` +
    `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`,
);

/** A .docx whose body is `body` (WordprocessingML), with styles, numbering and `media` (rId → file bytes under word/media). */
export function docxWithBody(body: string, media: Record<string, { name: string; data: Buffer }> = {}, extraRels = ''): Buffer {
  const mediaRels = Object.entries(media)
    .map(([id, m]) => `<Relationship Id="${id}" Type="${R}/image" Target="media/${m.name}"/>`)
    .join('');
  const parts: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    { name: '_rels/.rels', data: xml(`<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`) },
    {
      name: 'word/_rels/document.xml.rels',
      data: xml(
        `<Relationships xmlns="${PKG}"><Relationship Id="rIdStyles" Type="${R}/styles" Target="styles.xml"/><Relationship Id="rIdNum" Type="${R}/numbering" Target="numbering.xml"/>${mediaRels}${extraRels}</Relationships>`,
      ),
    },
    { name: 'word/styles.xml', data: STYLES },
    { name: 'word/numbering.xml', data: NUMBERING },
    {
      name: 'word/document.xml',
      data: xml(`<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`),
    },
    ...Object.values(media).map((m) => ({ name: `word/media/${m.name}`, data: m.data, store: true })),
  ];
  return writeZip(parts);
}

/** A realistic engagement letter: heading, formatted runs, a numbered list, a bullet, a table with merged cells, a logo. */
export function sampleDocx(): Buffer {
  const body = [
    heading(1, '代理记账服务协议'),
    para(['甲方：', { text: '福州榕城启航财税咨询有限公司', b: true }, '（以下简称“甲方”）']),
    para([{ text: '本协议自双方签字之日起生效', i: true }, '，', { text: '有效期一年', u: true }, '。']),
    heading(2, '一、服务内容'),
    listItem(1, 0, '建账与记账'),
    listItem(1, 1, '审核原始凭证'),
    listItem(1, 1, '编制记账凭证'),
    listItem(1, 0, '纳税申报'),
    listItem(2, 0, '每月15日前完成申报'),
    heading(2, '二、服务费用'),
    table([
      [cell('项目'), cell('月费（元）'), cell('备注')],
      [cell('代理记账'), cell('800.00'), cell('按季支付', '<w:vMerge w:val="restart"/>')],
      [cell('纳税申报'), cell('200.00'), cell('', '<w:vMerge/>')],
      [cell('合计：1,000.00 元', '<w:gridSpan w:val="3"/>')],
    ]),
    picture('rIdLogo', '公司印章'),
    para(['甲方（盖章）：', { text: '<script>alert(1)</script>', b: true }]),
  ].join('');
  return docxWithBody(body, { rIdLogo: { name: 'seal.png', data: solidPng(48, 48, [207, 19, 34]) } });
}

/** A sheet cell for sheetXml: a shared-string index, a number (with a style), a formula and its cached value, or an inline string. */
export type SheetCell =
  | { s: number }
  | { n: string; style?: number }
  | { f: string; v: string; t?: 'str' | 'n'; style?: number }
  | { inline: string }
  | null;

export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export function sheetXml(rows: SheetCell[][], tail = '', head = ''): string {
  const body = rows
    .map((row, r) => {
      const cells = row
        .map((c, i) => {
          const ref = `${columnName(i)}${r + 1}`;
          if (c === null) return '';
          if ('s' in c) return `<c r="${ref}" t="s"><v>${c.s}</v></c>`;
          if ('inline' in c) return `<c r="${ref}" t="inlineStr"><is><t>${esc(c.inline)}</t></is></c>`;
          if ('f' in c) return `<c r="${ref}"${c.style ? ` s="${c.style}"` : ''}${c.t === 'str' ? ' t="str"' : ''}><f>${esc(c.f)}</f><v>${esc(c.v)}</v></c>`;
          return `<c r="${ref}"${c.style ? ` s="${c.style}"` : ''}><v>${c.n}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  return xml(`<worksheet xmlns="${S}" xmlns:r="${R}">${head}<sheetData>${body}</sheetData>${tail}</worksheet>`);
}

/**
 * An .xlsx from its parts. Styles: 0 General, 1 #,##0.00, 2 yyyy"年"m"月"d"日", 3 0.00%, 4 the
 * accounting format with ¥ (built-in 44), 5 yyyy-mm-dd (built-in 14).
 */
export function xlsxWithSheets(sheets: { name: string; xml: string; state?: 'hidden' }[], shared: string[]): Buffer {
  const styles = xml(
    `<styleSheet xmlns="${S}"><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="#,##0.00;[Red]\\-#,##0.00"/></numFmts>` +
      `<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>` +
      `<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="177" applyNumberFormat="1"/><xf numFmtId="176" applyNumberFormat="1"/><xf numFmtId="10" applyNumberFormat="1"/><xf numFmtId="44" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  return writeZip([
    {
      name: '[Content_Types].xml',
      data: xml(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
      ),
    },
    { name: '_rels/.rels', data: xml(`<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="${S}" xmlns:r="${R}"><workbookPr/><sheets>${sheets
          .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
          .join('')}</sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<Relationships xmlns="${PKG}">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rIdS" Type="${R}/styles" Target="styles.xml"/><Relationship Id="rIdT" Type="${R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/styles.xml', data: styles },
    {
      name: 'xl/sharedStrings.xml',
      data: xml(`<sst xmlns="${S}" count="${shared.length}" uniqueCount="${shared.length}">${shared.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`),
    },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: s.xml })),
  ]);
}

/** A month's ledger summary and a bank sheet: formulas with cached totals, money and dates formatted, a merged title. */
export function sampleXlsx(): Buffer {
  const shared = ['2024年3月 科目余额表', '科目', '期初余额', '本期发生', '期末余额', '库存现金', '银行存款', '合计', '日期', '摘要', '金额', '收到货款', '支付房租', '增长率'];
  const ledger = sheetXml(
    [
      [{ s: 0 }, null, null, null],
      [{ s: 1 }, { s: 2 }, { s: 3 }, { s: 4 }],
      [{ s: 5 }, { n: '1200', style: 1 }, { n: '-350.5', style: 1 }, { f: 'B3+C3', v: '849.5', style: 1 }],
      [{ s: 6 }, { n: '128450', style: 1 }, { n: '23000.456', style: 1 }, { f: 'B4+C4', v: '151450.456', style: 1 }],
      [{ s: 7 }, { f: 'SUM(B3:B4)', v: '129650', style: 1 }, { f: 'SUM(C3:C4)', v: '22649.956', style: 1 }, { f: 'SUM(D3:D4)', v: '152299.956', style: 4 }],
      [{ s: 13 }, { f: 'C5/B5', v: '0.174700779', style: 3 }, null, { f: 'IF(D5>0,"盈余","亏损")', v: '盈余', t: 'str' }],
    ],
    '<mergeCells count="1"><mergeCell ref="A1:D1"/></mergeCells>',
    '<cols><col min="1" max="1" width="16" customWidth="1"/><col min="2" max="4" width="14" customWidth="1"/></cols>',
  );
  const bank = sheetXml([
    [{ s: 8 }, { s: 9 }, { s: 10 }],
    [{ n: '45352', style: 2 }, { s: 11 }, { n: '23000', style: 1 }],
    [{ n: '45366', style: 5 }, { s: 12 }, { n: '-6500', style: 1 }],
    [null, { inline: '<b>不是标签</b>' }, null],
  ]);
  return xlsxWithSheets(
    [
      { name: '科目余额表', xml: ledger },
      { name: '银行流水', xml: bank },
      { name: '隐藏底稿', xml: sheetXml([[{ inline: 'secret' }]]), state: 'hidden' },
    ],
    shared,
  );
}
