import { describe, expect, it } from 'vitest';
import { baseName, fileKind, formatSize, stamp, type FileKind } from '../../../src/renderer/src/documents/format';

describe('formatSize', () => {
  it.each<[number, string]>([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [10 * 1024 + 100, '10.1 KB'],
    [100 * 1024, '100 KB'],
    [500 * 1024 + 700, '501 KB'],
    [1024 * 1024, '1 MB'],
    [3565158, '3.4 MB'],
    [64 * 1024 * 1024, '64 MB'],
    [2 * 1024 ** 3, '2 GB'],
    // GB is the largest unit.
    [1024 ** 4, '1024 GB'],
  ])('%d bytes is %s', (bytes, expected) => {
    expect(formatSize(bytes)).toBe(expected);
  });
});

describe('baseName', () => {
  it.each([
    ['a/b/c.pdf', 'c.pdf'],
    ['C:\\账套\\2024\\凭证.pdf', '凭证.pdf'],
    ['\\\\server\\share\\x.txt', 'x.txt'],
    ['mixed/dir\\file.csv', 'file.csv'],
    ['plain.txt', 'plain.txt'],
    ['folder/', ''],
  ])('%s → %s', (source, expected) => {
    expect(baseName(source)).toBe(expected);
  });
});

describe('fileKind', () => {
  it.each<[string, FileKind]>([
    ['application/pdf', 'pdf'],
    ['image/png', 'image'],
    ['image/jpeg', 'image'],
    ['image/gif', 'image'],
    ['image/webp', 'image'],
    // Not drawn as an image: SVG can carry script.
    ['image/svg+xml', 'other'],
    ['text/csv', 'csv'],
    ['text/plain', 'text'],
    ['text/html', 'other'],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'sheet'],
    ['application/vnd.ms-excel', 'sheet'],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'word'],
    ['application/msword', 'word'],
    ['application/zip', 'archive'],
    ['application/octet-stream', 'other'],
    ['', 'other'],
  ])('%s is %s', (mime, kind) => {
    expect(fileKind(mime)).toBe(kind);
  });
});

describe('stamp (the deprecated alias of formatDateTime)', () => {
  it('is local YYYY-MM-DD HH:mm with zero padding', () => {
    expect(stamp(new Date(2024, 0, 5, 7, 3, 59))).toBe('2024-01-05 07:03');
    expect(stamp(new Date(2031, 11, 31, 23, 59))).toBe('2031-12-31 23:59');
  });
});
