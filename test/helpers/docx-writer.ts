import { writeZip, type ZipEntry } from './zip-writer';

/** What goes into a test .docx: paragraphs, then tables (rows of cells), and a header and footer. */
export interface DocxContent {
  paragraphs?: string[];
  tables?: string[][][];
  header?: string;
  footer?: string;
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const xml = (s: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A paragraph as Word writes one: properties, and the text split over runs (tabs as w:tab). */
export function paragraph(text: string): string {
  const runs = text.split('\t').map((piece, i) => `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>${i > 0 ? '<w:tab/>' : ''}<w:t xml:space="preserve">${escape(piece)}</w:t></w:r>`);
  return `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>${runs.join('')}</w:p>`;
}

function table(rows: string[][]): string {
  const body = rows.map((cells) => `<w:tr>${cells.map((c) => `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>${paragraph(c)}</w:tc>`).join('')}</w:tr>`).join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>${body}</w:tbl>`;
}

/** The word/document.xml of `content` (its body only: paragraphs, then tables). */
export function documentXml(content: DocxContent, extraBody = ''): string {
  const body = (content.paragraphs ?? []).map(paragraph).join('') + (content.tables ?? []).map(table).join('') + extraBody;
  return xml(`<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}<w:sectPr><w:headerReference w:type="default" r:id="rId2"/></w:sectPr></w:body></w:document>`);
}

/** A minimal .docx; `documentOverride` replaces the document part (to forge a hostile one). */
export function buildDocx(content: DocxContent, documentOverride?: Partial<ZipEntry>): Buffer {
  const parts: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`),
    },
    { name: 'word/document.xml', data: documentXml(content), ...documentOverride },
  ];
  if (content.header !== undefined) parts.push({ name: 'word/header1.xml', data: xml(`<w:hdr xmlns:w="${W}">${paragraph(content.header)}</w:hdr>`) });
  if (content.footer !== undefined) parts.push({ name: 'word/footer1.xml', data: xml(`<w:ftr xmlns:w="${W}">${paragraph(content.footer)}</w:ftr>`) });
  return writeZip(parts);
}
