/**
 * What kind of file a document is, in words for the fallback card ("PowerPoint 演示文稿",
 * "压缩包"): by its extension first (main stores unknown types as application/octet-stream),
 * then by its MIME type. Pure, so it is unit-tested without a DOM.
 */
export type TypeNameKey =
  | 'word'
  | 'wordLegacy'
  | 'excel'
  | 'excelLegacy'
  | 'powerpoint'
  | 'wps'
  | 'archive'
  | 'ofd'
  | 'pdf'
  | 'image'
  | 'text'
  | 'audio'
  | 'video'
  | 'xml'
  | 'extension'
  | 'unknown';

const BY_EXTENSION: Record<string, TypeNameKey> = {
  docx: 'word',
  docm: 'word',
  dotx: 'word',
  doc: 'wordLegacy',
  dot: 'wordLegacy',
  rtf: 'wordLegacy',
  xlsx: 'excel',
  xlsm: 'excel',
  xltx: 'excel',
  xls: 'excelLegacy',
  xlsb: 'excelLegacy',
  ppt: 'powerpoint',
  pptx: 'powerpoint',
  pptm: 'powerpoint',
  pps: 'powerpoint',
  ppsx: 'powerpoint',
  wps: 'wps',
  et: 'wps',
  dps: 'wps',
  zip: 'archive',
  rar: 'archive',
  '7z': 'archive',
  tar: 'archive',
  gz: 'archive',
  tgz: 'archive',
  bz2: 'archive',
  xz: 'archive',
  ofd: 'ofd',
  pdf: 'pdf',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  bmp: 'image',
  tif: 'image',
  tiff: 'image',
  webp: 'image',
  heic: 'image',
  txt: 'text',
  csv: 'text',
  mp3: 'audio',
  wav: 'audio',
  m4a: 'audio',
  amr: 'audio',
  mp4: 'video',
  mov: 'video',
  avi: 'video',
  wmv: 'video',
  xml: 'xml',
};

const BY_MIME: [RegExp, TypeNameKey][] = [
  [/wordprocessingml|ms-word\.document/, 'word'],
  [/^application\/msword$/, 'wordLegacy'],
  [/spreadsheetml|ms-excel\.sheet/, 'excel'],
  [/^application\/vnd\.ms-excel$/, 'excelLegacy'],
  [/presentationml|ms-powerpoint/, 'powerpoint'],
  [/^application\/(zip|x-rar|vnd\.rar|x-7z|gzip|x-tar)/, 'archive'],
  [/^application\/ofd$/, 'ofd'],
  [/^application\/pdf$/, 'pdf'],
  [/^image\//, 'image'],
  [/^text\/(plain|csv)$/, 'text'],
  [/^audio\//, 'audio'],
  [/^video\//, 'video'],
  [/xml$/, 'xml'],
];

/** The type's name key, and the extension (upper case) for files only their extension describes. */
export function typeNameOf(name: string, mime: string): { key: TypeNameKey; ext: string } {
  const ext = /\.([^./\\]{1,10})$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const byName = BY_EXTENSION[ext];
  if (byName) return { key: byName, ext: ext.toUpperCase() };
  const byMime = BY_MIME.find(([pattern]) => pattern.test(mime.toLowerCase()))?.[1];
  if (byMime) return { key: byMime, ext: ext.toUpperCase() };
  return ext ? { key: 'extension', ext: ext.toUpperCase() } : { key: 'unknown', ext: '' };
}
