import { describe, expect, it } from 'vitest';
import { typeNameOf } from '../../../src/renderer/src/preview/type-names';

describe('typeNameOf', () => {
  it.each([
    ['季度汇报.pptx', 'application/octet-stream', 'powerpoint', 'PPTX'],
    ['凭证扫描件.RAR', 'application/octet-stream', 'archive', 'RAR'],
    ['资料.zip', 'application/zip', 'archive', 'ZIP'],
    ['发票.ofd', 'application/ofd', 'ofd', 'OFD'],
    ['旧合同.doc', 'application/msword', 'wordLegacy', 'DOC'],
    ['工资表.xls', 'application/vnd.ms-excel', 'excelLegacy', 'XLS'],
    ['报表.et', 'application/octet-stream', 'wps', 'ET'],
    ['录音.m4a', 'application/octet-stream', 'audio', 'M4A'],
    ['数据.dat', 'application/octet-stream', 'extension', 'DAT'],
    ['无扩展名', 'application/octet-stream', 'unknown', ''],
    // No extension: the MIME type decides.
    ['演示', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'powerpoint', ''],
  ])('%s (%s) is %s', (name, mime, key, ext) => {
    expect(typeNameOf(name, mime)).toEqual({ key, ext });
  });
});
