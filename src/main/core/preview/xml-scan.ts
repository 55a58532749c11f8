/**
 * A minimal XML tokenizer for Office parts: elements (local names, prefixes dropped) with their
 * attributes (local names too) and text, in document order. No DTDs, no entity definitions:
 * only the five predefined entities and character references are decoded, so an entity
 * expansion attack has nothing to expand. Linear in the input (indexOf scanning).
 */
import { decodeXmlText } from '../extract/docx-text';

export type XmlAttrs = Readonly<Record<string, string>>;

export interface XmlHandler {
  /** An element starts (`selfClosing`: it also ends here; no close() follows). Return false to stop. */
  open(name: string, attrs: XmlAttrs, selfClosing: boolean): boolean | void;
  close(name: string): boolean | void;
  /** Character data between tags (CDATA included), decoded. Only called while `wantsText()` says so. */
  text(text: string): boolean | void;
  /** Whether text here matters: skipping the whitespace between tags saves decoding it. */
  wantsText(): boolean;
}

const ATTR = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}

function readAttrs(inside: string): XmlAttrs {
  const attrs: Record<string, string> = {};
  for (const m of inside.matchAll(ATTR)) {
    const name = m[1] ?? '';
    if (name.startsWith('xmlns')) continue;
    attrs[localName(name)] = decodeXmlText(m[2] ?? m[3] ?? '');
  }
  return attrs;
}

/** Walks `xml`; returns false when the handler stopped it or the markup broke off. */
export function scanXml(xml: string, handler: XmlHandler): boolean {
  let at = 0;
  for (;;) {
    const lt = xml.indexOf('<', at);
    if (lt !== at && handler.wantsText()) {
      const raw = xml.slice(at, lt < 0 ? xml.length : lt);
      if (handler.text(decodeXmlText(raw)) === false) return false;
    }
    if (lt < 0) return true;
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return false;
      if (handler.wantsText() && handler.text(xml.slice(lt + 9, end)) === false) return false;
      at = end + 3;
      continue;
    }
    const ender = xml.startsWith('<!--', lt) ? '-->' : xml.startsWith('<?', lt) ? '?>' : '>';
    const gt = xml.indexOf(ender, lt + 1);
    if (gt < 0) return false;
    at = gt + ender.length;
    // Comments, processing instructions and declarations (a DOCTYPE included) carry nothing shown.
    if (ender !== '>' || xml[lt + 1] === '!') continue;
    const inside = xml.slice(lt + 1, gt);
    if (inside.startsWith('/')) {
      if (handler.close(localName(inside.slice(1).trim())) === false) return false;
      continue;
    }
    const selfClosing = inside.endsWith('/');
    const nameEnd = inside.search(/[\s/]/);
    const name = localName(nameEnd < 0 ? inside : inside.slice(0, nameEnd));
    if (name === '') continue;
    const attrs = nameEnd < 0 ? {} : readAttrs(inside.slice(nameEnd));
    if (handler.open(name, attrs, selfClosing) === false) return false;
  }
}

/** An attribute that switches formatting: absent value or anything but 0/false/off/none means on. */
export function isOn(attrs: XmlAttrs): boolean {
  const value = attrs['val'];
  return value === undefined || !/^(0|false|off|none)$/i.test(value);
}
