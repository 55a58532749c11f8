/**
 * pdf.js asks for CMaps (and two standard fonts) through a BinaryDataFactory.
 * The CSP has `connect-src 'none'`, so nothing may be fetched — not even a
 * data: URL. Each file is bundled as its own lazily loaded module exporting a
 * base64 string, decoded here; a document loads only the files it needs.
 */
type Loader = () => Promise<string>;

// All CJK CMaps (Chinese GB/CNS, Japanese, Korean and the UCS2 collections),
// e.g. UniGB-UCS2-H + Adobe-GB1-UCS2 for the STSong-Light sample PDFs.
const CMAPS = import.meta.glob<string>('../../../../node_modules/pdfjs-dist/cmaps/*.bcmap', { query: '?url&inline', import: 'default' });
// Only Symbol and ZapfDingbats: other standard fonts come from the system (useSystemFonts).
const FONTS = import.meta.glob<string>('../../../../node_modules/pdfjs-dist/standard_fonts/Foxit{Symbol,Dingbats}.pfb', {
  query: '?url&inline',
  import: 'default',
});

function byFileName(modules: Record<string, Loader>): Map<string, Loader> {
  return new Map(Object.entries(modules).map(([path, load]) => [path.slice(path.lastIndexOf('/') + 1), load]));
}

const cmaps = byFileName(CMAPS);
const fonts = byFileName(FONTS);

/** "data:…;base64,AAAA" (the module's string) → bytes, without fetch. */
export function decodeDataUrl(dataUrl: string): Uint8Array {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const BUNDLED_CMAP_NAMES: readonly string[] = [...cmaps.keys()];

/**
 * pdf.js's BinaryDataFactory interface (`fetch({kind, filename})`), served
 * from the bundle. pdf.js constructs it with its URL options, which are unused.
 */
export class BundledDataFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const table = kind === 'cMapUrl' ? cmaps : kind === 'standardFontDataUrl' ? fonts : null;
    const load = table?.get(filename);
    // pdf.js treats a failure as "not available" and carries on without it.
    if (!load) throw new Error(`not bundled: ${kind} ${filename}`);
    return decodeDataUrl(await load());
  }
}
