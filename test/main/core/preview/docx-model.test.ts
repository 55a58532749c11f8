import { describe, expect, it } from 'vitest';
import { DOCX_PREVIEW_LIMITS } from '../../../../src/main/core/preview/docx-model';
import { buildOfficeModel } from '../../../../src/main/core/preview/office-model';
import { PACKAGE_LIMITS } from '../../../../src/main/core/preview/ooxml-package';
import type { DocBlock, DocParagraph, DocTable, DocxModel } from '../../../../src/shared/office-preview';
import { buildDocx } from '../../../helpers/docx-writer';
import { cell, docxWithBody, para, sampleDocx, solidPng, table } from '../../../helpers/office-samples';
import { writeZip } from '../../../helpers/zip-writer';

function docx(bytes: Buffer): DocxModel {
  const model = buildOfficeModel(bytes, 'docx');
  if (model.kind !== 'docx') throw new Error(`not a docx model: ${JSON.stringify(model)}`);
  return model;
}

const textOf = (block: DocBlock | undefined): string =>
  block?.type === 'p' ? block.inlines.map((i) => ('text' in i ? i.text : '[图]')).join('') : block?.type === 'table' ? block.rows.map((r) => r.map((c) => c.blocks.map(textOf).join('/')).join('|')).join('\n') : '';

describe('docx preview model', () => {
  it('keeps headings, run formatting, list markers, merged table cells and the picture of a real letter', () => {
    const model = docx(sampleDocx());
    const paragraphs = model.blocks.filter((b): b is DocParagraph => b.type === 'p');
    expect(paragraphs[0]).toMatchObject({ heading: 1, inlines: [{ text: '代理记账服务协议' }] });
    expect(paragraphs[1]?.inlines).toEqual([{ text: '甲方：' }, { text: '福州榕城启航财税咨询有限公司', bold: true }, { text: '（以下简称“甲方”）' }]);
    expect(paragraphs[2]?.inlines).toEqual([{ text: '本协议自双方签字之日起生效', italic: true }, { text: '，' }, { text: '有效期一年', underline: true }, { text: '。' }]);
    expect(paragraphs.filter((p) => p.heading === 2).map(textOf)).toEqual(['一、服务内容', '二、服务费用']);
    // Chinese counting at the top level, decimals below, restarting under each item; Wingdings bullets as a plain bullet.
    expect(paragraphs.filter((p) => p.list).map((p) => `${p.list?.level}:${p.list?.marker} ${textOf(p)}`)).toEqual([
      '0:（一） 建账与记账',
      '1:1. 审核原始凭证',
      '1:2. 编制记账凭证',
      '0:（二） 纳税申报',
      '0:• 每月15日前完成申报',
    ]);

    const tableBlock = model.blocks.find((b): b is DocTable => b.type === 'table');
    expect(tableBlock?.rows.map((r) => r.length)).toEqual([3, 3, 2, 1]);
    expect(tableBlock?.rows[1]?.[2]).toMatchObject({ rowSpan: 2 });
    expect(tableBlock?.rows[3]?.[0]).toMatchObject({ colSpan: 3 });
    expect(textOf(tableBlock)).toContain('合计：1,000.00 元');

    expect(model.images).toHaveLength(1);
    expect(model.images[0]?.alt).toBe('公司印章');
    expect(model.images[0]?.src).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    // Markup in the text is text: the model carries it as a string, to be escaped by React.
    expect(paragraphs.at(-1)?.inlines.at(-1)).toEqual({ text: '<script>alert(1)</script>', bold: true });
    expect(model.truncated).toBe(false);
  });

  it('leaves out deleted revisions, field codes, fallbacks and linked pictures; keeps inserted text and field results', () => {
    const body =
      '<w:p><w:ins><w:r><w:t>新增</w:t></w:r></w:ins><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>' +
      '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>' +
      '<mc:AlternateContent xmlns:mc="x"><mc:Choice Requires="wps"><w:r><w:t>选</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>备</w:t></w:r></mc:Fallback></mc:AlternateContent>' +
      '<w:r><w:drawing><a:blip xmlns:a="a" r:embed="rIdRemote"/></w:drawing></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>尾</w:t></w:r></w:p>';
    const model = docx(docxWithBody(body, {}, '<Relationship Id="rIdRemote" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="https://example.com/track.png" TargetMode="External"/>'));
    expect(model.blocks.map(textOf)).toEqual(['新增3选尾']);
    expect(model.images).toEqual([]);
  });

  it('draws only pictures that are pictures by their bytes, and small ones', () => {
    const big = Buffer.concat([solidPng(4, 4), Buffer.alloc(DOCX_PREVIEW_LIMITS.imageBytes)]);
    const body = ['rIdA', 'rIdB', 'rIdC'].map((id) => `<w:p><w:r><w:drawing><a:blip xmlns:a="a" r:embed="${id}"/></w:drawing></w:r></w:p>`).join('');
    const model = docx(
      docxWithBody(body, {
        rIdA: { name: 'fake.png', data: Buffer.from('<svg onload="alert(1)"/>') },
        rIdB: { name: 'big.png', data: big },
        rIdC: { name: 'ok.jpeg', data: solidPng(2, 2) },
      }),
    );
    // The .jpeg name does not matter: its bytes are a PNG.
    expect(model.images.map((i) => i.src.slice(0, 22))).toEqual(['data:image/png;base64,']);
    expect(model.blocks.flatMap((b) => (b.type === 'p' ? b.inlines : []))).toEqual([{ image: 0 }]);
  });

  it('caps the text and says so', () => {
    const line = '账'.repeat(10_000);
    const body = Array.from({ length: DOCX_PREVIEW_LIMITS.chars / 10_000 + 5 }, () => para([line])).join('');
    const model = docx(docxWithBody(body));
    expect(model.truncated).toBe(true);
    const chars = model.blocks.reduce((n, b) => n + textOf(b).length, 0);
    expect(chars).toBe(DOCX_PREVIEW_LIMITS.chars);
  });

  it('shows tables nested past the depth limit as their paragraphs, without recursing', () => {
    let inner = para(['最里层']);
    for (let depth = 0; depth < 40; depth++) inner = table([[`<w:tc>${inner}</w:tc>`]]);
    const model = docx(docxWithBody(inner + table([[cell('后面')]])));
    let depth = 0;
    let block: DocBlock | undefined = model.blocks[0];
    while (block?.type === 'table') {
      depth++;
      block = block.rows[0]?.[0]?.blocks[0];
    }
    expect(depth).toBe(DOCX_PREVIEW_LIMITS.tableDepth);
    expect(textOf(block)).toBe('最里层');
    expect(textOf(model.blocks[1])).toBe('后面');
  });

  it('refuses a zip bomb, a lying entry, an encrypted or damaged file, before reading any of it', () => {
    const huge = Buffer.alloc(PACKAGE_LIMITS.xmlPart + 1024, 0x20);
    expect(buildOfficeModel(buildDocx({ paragraphs: ['x'] }, { data: huge }), 'docx')).toEqual({ kind: 'failed', reason: 'zip-bomb' });
    // Declares 100 bytes, inflates to far more.
    const liar = buildDocx({ paragraphs: ['x'.repeat(10_000)] }, { declaredSize: 100 });
    expect(buildOfficeModel(liar, 'docx')).toEqual({ kind: 'failed', reason: 'zip-bomb' });
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]);
    expect(buildOfficeModel(ole, 'docx')).toEqual({ kind: 'failed', reason: 'unsupported' });
    expect(buildOfficeModel(Buffer.from('not a zip at all, just text'), 'docx')).toEqual({ kind: 'failed', reason: 'damaged' });
    expect(buildOfficeModel(writeZip([{ name: 'other.txt', data: 'x' }]), 'docx')).toEqual({ kind: 'failed', reason: 'damaged' });
  });

  it('decodes only the predefined entities: a DOCTYPE cannot define and expand its own', () => {
    const doc = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&b; &amp; &#x4E2D;</w:t></w:r></w:p></w:body></w:document>`;
    const model = docx(writeZip([{ name: 'word/document.xml', data: doc }]));
    expect(model.blocks.map(textOf)).toEqual(['&b; & 中']);
  });
});
