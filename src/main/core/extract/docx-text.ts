/**
 * The text of one WordprocessingML part (document, header, footer, notes) without an XML
 * library: a single pass over its tags (names compared without their prefix, so w:t, m:t
 * and a:t are all text). Only what Word shows as text is kept: w:t runs,
 * tabs and breaks; paragraphs become lines, table rows lines of tab-separated cells.
 * Deleted revisions, field codes and the fallback copy of alternate content are skipped.
 */

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character and entity references in text. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[ref] ?? whole;
  });
}

/** Elements (by local name) whose content is not shown text; pPr holds tab stops, not tabs. */
const SKIPPED = new Set(['delText', 'instrText', 'Fallback', 'fldData', 'pPr', 'rPr']);

/** What one markup item is, for the text around it. */
interface Tag {
  closing: boolean;
  selfClosing: boolean;
  /** Local name, without its namespace prefix. */
  name: string;
}

/** Markup longer than this (a tag, comment or CDATA section) is not Word's: the part ends there. */
const MAX_MARKUP = 1024 * 1024;

/**
 * Text of one part, fed in chunks (so a part of any size needs no more memory than a chunk),
 * handed out in pieces to `emit`, which returns false to stop (the text is full). Table cells
 * end with a tab, rows and paragraphs outside cells with a line break; paragraphs inside a cell
 * are joined by a space. A plain scan with indexOf: linear whatever the markup.
 */
export class DocxTextScanner {
  private inText = 0;
  private skipDepth = 0;
  private skipName = '';
  private cells = 0;
  /** The end of the last chunk that may continue in the next: an unclosed tag or entity. */
  private pending = '';
  private done = false;

  constructor(private readonly emit: (piece: string) => boolean) {}

  /** More of the part; `last` with its end. False once nothing more is wanted. */
  feed(chunk: string, last: boolean): boolean {
    if (this.done) return false;
    const xml = this.pending + chunk;
    this.pending = '';
    if (!this.scan(xml, last)) this.done = true;
    if (this.pending.length > MAX_MARKUP) this.done = true;
    return !this.done;
  }

  private showing(): boolean {
    return this.inText > 0 && this.skipDepth === 0;
  }

  private out(piece: string): boolean {
    return piece === '' || this.emit(piece);
  }

  private scan(xml: string, last: boolean): boolean {
    let at = 0;
    for (;;) {
      const lt = xml.indexOf('<', at);
      if (this.showing()) {
        let text = xml.slice(at, lt < 0 ? xml.length : lt);
        const amp = lt < 0 && !last ? text.lastIndexOf('&') : -1;
        // An entity cut by the chunk's end is finished in the next.
        if (amp >= 0 && text.length - amp < 12 && !text.includes(';', amp)) {
          this.pending = text.slice(amp);
          text = text.slice(0, amp);
        }
        if (!this.out(decodeXmlText(text))) return false;
      }
      if (lt < 0) return true;
      const cdata = xml.startsWith('<![CDATA[', lt);
      const ender = cdata ? ']]>' : xml.startsWith('<!--', lt) ? '-->' : xml.startsWith('<?', lt) ? '?>' : '>';
      const gt = xml.indexOf(ender, lt + 1);
      if (gt < 0) {
        // Markup that goes on in the next chunk, or (at the end) never closes.
        if (!last) this.pending = xml.slice(lt);
        return !last;
      }
      at = gt + ender.length;
      if (cdata) {
        if (this.showing() && !this.out(xml.slice(lt + 9, gt))) return false;
        continue;
      }
      if (ender !== '>' || xml[lt + 1] === '!') continue;
      const tag = readTag(xml.slice(lt + 1, gt));
      if (tag && !this.onTag(tag)) return false;
    }
  }

  private onTag(tag: Tag): boolean {
    if (this.skipDepth > 0) {
      // Inside a skipped element only its own nesting matters.
      if (tag.name === this.skipName && !tag.selfClosing) this.skipDepth += tag.closing ? -1 : 1;
      return true;
    }
    if (SKIPPED.has(tag.name)) {
      if (!tag.closing && !tag.selfClosing) {
        this.skipName = tag.name;
        this.skipDepth = 1;
      }
      return true;
    }
    const ends = tag.closing || tag.selfClosing;
    switch (tag.name) {
      case 't':
        if (!tag.selfClosing) this.inText = Math.max(0, this.inText + (tag.closing ? -1 : 1));
        return true;
      case 'tab':
      case 'ptab':
        return tag.closing || this.out('\t');
      case 'br':
      case 'cr':
        return tag.closing || this.out('\n');
      case 'noBreakHyphen':
        return tag.closing || this.out('-');
      case 'p':
        return !ends || this.out(this.cells > 0 ? ' ' : '\n');
      case 'tc':
        if (!tag.selfClosing) this.cells = Math.max(0, this.cells + (tag.closing ? -1 : 1));
        return !ends || this.out('\t');
      case 'tr':
      case 'tbl':
        return !tag.closing || this.out('\n');
      default:
        return true;
    }
  }
}

function readTag(inside: string): Tag | null {
  const m = /^(\/?)\s*([^\s/>]+)/.exec(inside);
  if (!m) return null;
  const qualified = m[2] ?? '';
  return { closing: m[1] === '/', selfClosing: inside.endsWith('/'), name: qualified.slice(qualified.indexOf(':') + 1) };
}

/** A cell's trailing paragraph space and a row's trailing tab are layout, not text. */
export function tidyDocxText(text: string): string {
  return text.replace(/ +\t/g, '\t').replace(/\t+\n/g, '\n');
}
