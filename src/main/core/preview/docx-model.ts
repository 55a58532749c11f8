/**
 * A .docx as the preview draws it: the main document's paragraphs (runs bold, italic,
 * underlined, struck; headings from their styles; list items with Word's markers), tables
 * (cells spanning columns and rows) and small pictures, capped in size. Deleted revisions,
 * field codes, the fallback copies of alternate content and linked (external) pictures are
 * left out; headers, footers and notes are not shown.
 */
import type { DocBlock, DocCell, DocInline, DocParagraph, DocRun, DocTable, DocxModel } from '../../../shared/office-preview';
import { imageMagic } from '../extract/sniff';
import { DocxNumbering, DocxStyles } from './docx-styles';
import { OoxmlPackage, PreviewRefusal } from './ooxml-package';
import { isOn, scanXml, type XmlAttrs } from './xml-scan';

export const DOCX_PREVIEW_LIMITS = Object.freeze({
  chars: 1_000_000,
  /** Paragraphs and tables, those inside tables included. */
  blocks: 20_000,
  cells: 100_000,
  /** Tables nested deeper are shown as their paragraphs. */
  tableDepth: 6,
  images: 50,
  imageBytes: 2 * 1024 * 1024,
  imageBytesTotal: 10 * 1024 * 1024,
});

/** Elements whose content is not shown: deletions, field codes, old formatting, fallbacks, section settings. */
const SKIPPED = new Set(['del', 'moveFrom', 'delText', 'instrText', 'fldData', 'Fallback', 'sectPr', 'rPrChange', 'pPrChange', 'tblPrChange', 'tcPrChange']);

const IMAGE_MIME = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp' } as const;

interface OpenParagraph {
  block: DocParagraph;
  styleId: string | null;
  numId: string | null;
  ilvl: number;
  /** Text boxes anchored in this paragraph: shown after it. */
  after: DocBlock[];
}

interface OpenTable {
  table: DocTable;
  /** Per row, per cell: whether the cell continues a vertical merge from above. */
  continues: boolean[][];
  /** Where this table sits: its blocks count against the caps, its cells take containers. */
  flattened: boolean;
}

type RunFormat = Omit<DocRun, 'text'>;

export function buildDocxModel(bytes: Buffer): DocxModel {
  const pkg = new OoxmlPackage(bytes);
  const main = pkg.officeDocument('word/document.xml');
  const xml = pkg.text(main);
  if (xml === null) throw new PreviewRefusal('damaged');
  const rels = pkg.relationships(main);
  const partOf = (type: string) => [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.target ?? null;
  const stylesPart = partOf('styles');
  const numberingPart = partOf('numbering');
  const builder = new DocxBuilder(
    new DocxStyles(stylesPart ? pkg.text(stylesPart) : null),
    new DocxNumbering(numberingPart ? pkg.text(numberingPart) : null),
    (id) => {
      const rel = rels.get(id);
      const size = rel ? pkg.sizeOf(rel.target) : null;
      if (!rel || size === null || size > DOCX_PREVIEW_LIMITS.imageBytes) return null;
      return pkg.bytesOf(rel.target);
    },
  );
  return builder.build(xml);
}

class DocxBuilder {
  private readonly body: DocBlock[] = [];
  private readonly containers: DocBlock[][] = [this.body];
  private readonly paragraphs: OpenParagraph[] = [];
  private readonly tables: OpenTable[] = [];
  private readonly images: DocxModel['images'] = [];
  private readonly imageIndex = new Map<string, number | null>();
  private imageBytes = 0;
  private run: RunFormat | null = null;
  private inRunProps = false;
  private inParagraphProps = false;
  private inText = 0;
  private skipName = '';
  private skipDepth = 0;
  private altText = '';
  private chars = 0;
  private blocks = 0;
  private cells = 0;
  private truncated = false;

  constructor(
    private readonly styles: DocxStyles,
    private readonly numbering: DocxNumbering,
    private readonly imageBytesOf: (relId: string) => Buffer | null,
  ) {}

  build(xml: string): DocxModel {
    const complete = scanXml(xml, {
      open: (name, attrs, selfClosing) => this.open(name, attrs, selfClosing),
      close: (name) => this.close(name),
      text: (text) => this.text(text),
      wantsText: () => this.inText > 0 && this.skipDepth === 0 && this.paragraphs.length > 0,
    });
    // Stopped at a cap: what was open still shows.
    if (!complete) while (this.paragraphs.length > 0) this.endParagraph();
    return { kind: 'docx', blocks: this.body, images: this.images, truncated: this.truncated };
  }

  private get container(): DocBlock[] {
    return this.containers[this.containers.length - 1] ?? this.body;
  }

  private get paragraph(): OpenParagraph | undefined {
    return this.paragraphs[this.paragraphs.length - 1];
  }

  private countBlock(): boolean {
    if (++this.blocks > DOCX_PREVIEW_LIMITS.blocks) return this.stop();
    return true;
  }

  private stop(): false {
    this.truncated = true;
    return false;
  }

  private open(name: string, attrs: XmlAttrs, selfClosing: boolean): boolean {
    if (this.skipDepth > 0) {
      if (name === this.skipName && !selfClosing) this.skipDepth++;
      return true;
    }
    if (SKIPPED.has(name)) {
      if (!selfClosing) {
        this.skipName = name;
        this.skipDepth = 1;
      }
      return true;
    }
    const paragraph = this.paragraph;
    switch (name) {
      case 'p':
        this.paragraphs.push({ block: { type: 'p', inlines: [] }, styleId: null, numId: null, ilvl: 0, after: [] });
        // An empty <w:p/> is a blank line.
        return !selfClosing || this.endParagraph();
      case 'pPr':
        this.inParagraphProps = !selfClosing;
        return true;
      case 'r':
        this.run = {};
        return true;
      case 'rPr':
        this.inRunProps = !selfClosing && !this.inParagraphProps && this.run !== null;
        return true;
      case 't':
        if (!selfClosing) this.inText++;
        return true;
      case 'tab':
      case 'ptab':
        return this.inParagraphProps || this.text('\t');
      case 'br':
      case 'cr':
        return this.text('\n');
      case 'noBreakHyphen':
        return this.text('-');
      case 'docPr':
        this.altText = attrs['descr'] ?? attrs['title'] ?? '';
        return true;
      case 'blip':
      case 'imagedata':
        return this.image(attrs['embed'] ?? attrs['id'] ?? '');
      case 'tbl':
        return selfClosing || this.openTable();
      case 'tr':
        if (!selfClosing && !this.flattened()) this.openRow();
        return true;
      case 'tc':
        return selfClosing || this.flattened() || this.openCell();
      case 'gridSpan':
        this.cellProps((cell) => {
          const span = Number.parseInt(attrs['val'] ?? '', 10);
          if (span > 1 && span <= 1000) cell.colSpan = span;
        });
        return true;
      case 'vMerge':
        this.cellProps((_cell, table) => {
          const row = table.continues[table.continues.length - 1];
          if (row && attrs['val'] !== 'restart') row[row.length - 1] = true;
        });
        return true;
      case 'txbxContent':
        if (!selfClosing) this.containers.push([]);
        return true;
      default:
        break;
    }
    if (paragraph && this.inParagraphProps) this.paragraphProp(paragraph, name, attrs);
    else if (this.inRunProps && this.run) runProp(this.run, name, attrs);
    return true;
  }

  private close(name: string): boolean {
    if (this.skipDepth > 0) {
      if (name === this.skipName) this.skipDepth--;
      return true;
    }
    switch (name) {
      case 'p':
        return this.endParagraph();
      case 'pPr':
        this.inParagraphProps = false;
        return true;
      case 'rPr':
        this.inRunProps = false;
        return true;
      case 'r':
        this.run = null;
        return true;
      case 't':
        this.inText = Math.max(0, this.inText - 1);
        return true;
      case 'tbl':
        this.closeTable();
        return true;
      case 'tc':
        if (!this.flattened() && this.tables.length > 0) this.containers.pop();
        return true;
      case 'txbxContent': {
        const blocks = this.containers.length > 1 ? (this.containers.pop() ?? []) : [];
        const host = this.paragraph;
        if (host) host.after.push(...blocks);
        else this.container.push(...blocks);
        return true;
      }
      default:
        return true;
    }
  }

  private paragraphProp(paragraph: OpenParagraph, name: string, attrs: XmlAttrs): void {
    const val = attrs['val'] ?? '';
    if (name === 'pStyle') paragraph.styleId = val;
    else if (name === 'numId') paragraph.numId = val;
    else if (name === 'ilvl') paragraph.ilvl = Math.min(8, Math.max(0, Number.parseInt(val, 10) || 0));
    else if (name === 'jc') {
      const align = val === 'center' ? 'center' : val === 'right' || val === 'end' ? 'right' : val === 'both' || val === 'distribute' ? 'justify' : undefined;
      if (align) paragraph.block.align = align;
    }
  }

  private endParagraph(): boolean {
    const open = this.paragraphs.pop();
    if (!open) return true;
    const { block } = open;
    const heading = this.styles.headingLevel(open.styleId);
    if (heading) block.heading = heading;
    const list = open.numId !== null ? { numId: open.numId, ilvl: open.ilvl } : this.styles.numbering(open.styleId);
    const marker = list ? this.numbering.next(list.numId, list.ilvl) : null;
    if (list && marker !== null) block.list = { level: list.ilvl, marker };
    if (!this.countBlock()) return false;
    this.container.push(block, ...open.after);
    return true;
  }

  private text(text: string): boolean {
    const paragraph = this.paragraph;
    if (!paragraph || text === '') return true;
    const room = DOCX_PREVIEW_LIMITS.chars - this.chars;
    const kept = text.length > room ? text.slice(0, room) : text;
    this.chars += kept.length;
    const format = this.run ?? {};
    const inlines = paragraph.block.inlines;
    const last = inlines[inlines.length - 1];
    if (last && 'text' in last && sameFormat(last, format)) last.text += kept;
    else inlines.push({ ...format, text: kept });
    return kept.length === text.length || this.stop();
  }

  private image(relId: string): boolean {
    const paragraph = this.paragraph;
    if (!paragraph || relId === '') return true;
    let index = this.imageIndex.get(relId);
    if (index === undefined) {
      index = this.loadImage(relId);
      this.imageIndex.set(relId, index);
    }
    if (index !== null) paragraph.block.inlines.push({ image: index } satisfies DocInline);
    return true;
  }

  private loadImage(relId: string): number | null {
    if (this.images.length >= DOCX_PREVIEW_LIMITS.images) {
      this.truncated = true;
      return null;
    }
    const data = this.imageBytesOf(relId);
    // EMF/WMF, TIFF and anything not a picture by its bytes are not drawn.
    const type = data ? imageMagic(data) : null;
    if (!data || !type || type === 'tiff') return null;
    if (this.imageBytes + data.length > DOCX_PREVIEW_LIMITS.imageBytesTotal) {
      this.truncated = true;
      return null;
    }
    this.imageBytes += data.length;
    this.images.push({ src: `data:${IMAGE_MIME[type]};base64,${data.toString('base64')}`, alt: this.altText });
    return this.images.length - 1;
  }

  private flattened(): boolean {
    return this.tables[this.tables.length - 1]?.flattened ?? false;
  }

  private openTable(): boolean {
    const flattened = this.flattened() || this.tables.length >= DOCX_PREVIEW_LIMITS.tableDepth;
    const table: DocTable = { type: 'table', rows: [] };
    this.tables.push({ table, continues: [], flattened });
    if (flattened) return true;
    if (!this.countBlock()) return false;
    this.container.push(table);
    return true;
  }

  private openRow(): void {
    const open = this.tables[this.tables.length - 1];
    if (!open) return;
    open.table.rows.push([]);
    open.continues.push([]);
  }

  private openCell(): boolean {
    const open = this.tables[this.tables.length - 1];
    if (!open) return true;
    if (++this.cells > DOCX_PREVIEW_LIMITS.cells) return this.stop();
    if (open.table.rows.length === 0) this.openRow();
    const cell: DocCell = { blocks: [] };
    open.table.rows[open.table.rows.length - 1]?.push(cell);
    open.continues[open.continues.length - 1]?.push(false);
    this.containers.push(cell.blocks);
    return true;
  }

  private cellProps(apply: (cell: DocCell, table: OpenTable) => void): void {
    const open = this.tables[this.tables.length - 1];
    if (!open || open.flattened) return;
    const row = open.table.rows[open.table.rows.length - 1];
    const cell = row?.[row.length - 1];
    if (cell) apply(cell, open);
  }

  private closeTable(): void {
    const open = this.tables.pop();
    if (open && !open.flattened) mergeVertically(open);
  }
}

function runProp(run: RunFormat, name: string, attrs: XmlAttrs): void {
  const on = isOn(attrs);
  const set = (key: keyof RunFormat) => {
    if (on) run[key] = true;
    else delete run[key];
  };
  if (name === 'b') set('bold');
  else if (name === 'i') set('italic');
  else if (name === 'u') set('underline');
  else if (name === 'strike' || name === 'dstrike') set('strike');
}

function sameFormat(a: RunFormat, b: RunFormat): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.strike === b.strike;
}

/** Cells that continue a vertical merge are removed; the cell above them in the same grid column spans them. */
function mergeVertically({ table, continues }: OpenTable): void {
  const starts = new Map<number, DocCell>();
  table.rows = table.rows.map((row, r) => {
    const kept: DocCell[] = [];
    let column = 0;
    row.forEach((cell, c) => {
      const span = cell.colSpan ?? 1;
      const above = starts.get(column);
      if (continues[r]?.[c] && above) above.rowSpan = (above.rowSpan ?? 1) + 1;
      else {
        kept.push(cell);
        starts.set(column, cell);
      }
      column += span;
    });
    return kept;
  });
}
