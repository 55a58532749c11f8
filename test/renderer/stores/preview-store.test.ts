import { describe, expect, it } from 'vitest';
import { isViewable, usePreviewStore } from '../../../src/renderer/src/stores/preview-store';
import { installFakeBridge } from '../fake-bridge';
import { id } from '../fixtures';

const preview = () => usePreviewStore.getState();
const bytes = new Uint8Array([37, 80, 68, 70]);

describe('isViewable', () => {
  it.each([
    ['application/pdf', true],
    ['image/png', true],
    ['text/csv', true],
    ['text/plain', true],
    // Word and Excel: main reads them into a model.
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', true],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', true],
    // Their old binary forms are not read.
    ['application/vnd.ms-excel', false],
    ['application/msword', false],
    ['application/zip', false],
    ['image/svg+xml', false],
  ])('%s: %s', (mime, viewable) => {
    expect(isViewable(mime)).toBe(viewable);
  });
});

describe('preview store', () => {
  it('fetches the bytes of a type it can draw', async () => {
    const fake = installFakeBridge().on('docPreview', ({ id: which }) => ({ id: which, name: 'a.pdf', mime: 'application/pdf', data: bytes }));
    await preview().open({ id: id(1), name: 'a.pdf', mime: 'application/pdf', size: 4 });
    expect(fake.requests('docPreview')).toEqual([{ id: id(1) }]);
    expect(preview().preview?.data).toEqual(bytes);
    expect(preview().loading).toBe(false);
  });

  it('never asks for the bytes of a type it cannot draw', async () => {
    const fake = installFakeBridge();
    await preview().open({ id: id(1), name: 'a.xlsx', mime: 'application/vnd.ms-excel', size: 10 });
    expect(fake.calls).toEqual([]);
    expect(preview().target?.name).toBe('a.xlsx');
    expect(preview().preview).toBeNull();
  });

  it('asks when the type is not known yet', async () => {
    const fake = installFakeBridge().on('docPreview', () => ({ id: id(1), name: 'x', mime: 'text/plain', data: bytes }));
    await preview().open({ id: id(1), name: 'x' });
    expect(fake.requests('docPreview')).toHaveLength(1);
  });

  it('drops the bytes on close, including bytes still on their way', async () => {
    const held = installFakeBridge().hold('docPreview');
    void preview().open({ id: id(1), name: 'a.pdf', mime: 'application/pdf' });
    preview().close();
    await held[0]?.answer({ id: id(1), name: 'a.pdf', mime: 'application/pdf', data: bytes });
    expect(preview().preview).toBeNull();
    expect(preview().target).toBeNull();
  });

  it('says why the bytes could not be had', async () => {
    installFakeBridge().refuse('docPreview', 'TAMPERED', 'bad tag');
    await preview().open({ id: id(1), name: 'a.pdf', mime: 'application/pdf' });
    expect(preview().error).toEqual({ code: 'TAMPERED', message: 'bad tag' });
    expect(preview().loading).toBe(false);
  });

  it('records a print and answers with the refusal, if any', async () => {
    const fake = installFakeBridge().on('docPrint', () => ({ recorded: true }));
    expect(await preview().recordPrint(id(1))).toBeNull();
    fake.refuse('docPrint', 'PERMISSION_DENIED', 'no print');
    expect(await preview().recordPrint(id(1))).toEqual({ code: 'PERMISSION_DENIED', message: 'no print' });
    expect(fake.requests('docPrint')).toEqual([{ id: id(1) }, { id: id(1) }]);
  });
});
