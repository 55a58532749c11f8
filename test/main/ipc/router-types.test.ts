/**
 * The router is tied to the contract at compile time: `tsc -b` checks this
 * file, and each `@ts-expect-error` below fails the build if the mismatch it
 * marks ever compiles. The test itself only proves the file is part of the run.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { IpcRouter, type ChannelHandler } from '../../../src/main/ipc/router';
import type { Bridge } from '../../../src/shared/bridge';
import type { ParsedRequestOf, RequestOf, ResponseOf } from '../../../src/shared/contract';
import type { BackupRun, ClientDetail, ClientPage, FolderPicked, UnlockProgress } from '../../../src/shared/domain';
import type { Result } from '../../../src/shared/errors';

const detail = {} as ClientDetail;

/** Never called: its body only has to type-check (or fail where marked). */
function registrations(router: IpcRouter): void {
  // Matching: the request is the parsed schema output, the answer the declared response.
  router.handle('clientGet', (req) => {
    expectTypeOf(req).toEqualTypeOf<{ id: string }>();
    return detail;
  });
  router.handle('clientList', (req) => {
    // Defaults are filled in by the schema: the handler sees them as present.
    expectTypeOf(req.limit).toEqualTypeOf<number>();
    return { items: [], total: 0 } as unknown as ClientPage;
  });
  router.handle('backupProgress', async () => null);
  router.handle('vaultUnlockProgress', () => ({ phase: 'view', done: 1, total: 2 }));
  router.handle('backupPickFolder', async () => ({ cancelled: false, folder: '/mnt/usb' }));

  // @ts-expect-error -- a handler must answer its channel's response type (ClientDetail), not a number.
  router.handle('clientGet', () => 42);
  // @ts-expect-error -- nor another channel's response (a page of clients is not one client).
  router.handle('clientGet', async () => ({ items: [], total: 0 }) as unknown as ClientPage);
  // @ts-expect-error -- the request has only the fields its schema declares.
  router.handle('clientGet', (req) => (req.name === 'x' ? detail : detail));
  // @ts-expect-error -- and their parsed types: an id is a string, not a number.
  router.handle('clientGet', (req: { id: number }) => (req.id > 0 ? detail : detail));
  // @ts-expect-error -- a cancelled dialog answers `cancelled: true`, and a picked folder carries the folder.
  router.handle('backupPickFolder', async () => ({ cancelled: false }));
  // @ts-expect-error -- only channels of the contract can be handled.
  router.handle('clientDelete', () => detail);
  // @ts-expect-error -- the schema comes from the contract, never from the caller.
  router.handle('clientGet', {}, () => detail);
}

describe('router and bridge types follow the contract', () => {
  it('type-checks matching handlers and rejects mismatches (checked by tsc -b)', () => {
    expect(typeof registrations).toBe('function');
  });

  it('gives the bridge the same request and response types as the handlers', () => {
    expectTypeOf<Parameters<Bridge['clientList']>[0]>().toEqualTypeOf<RequestOf<'clientList'>>();
    expectTypeOf<ReturnType<Bridge['clientGet']>>().toEqualTypeOf<Promise<Result<ClientDetail>>>();
    expectTypeOf<ReturnType<Bridge['backupProgress']>>().toEqualTypeOf<Promise<Result<BackupRun | null>>>();
    expectTypeOf<ResponseOf<'backupPickFolder'>>().toEqualTypeOf<FolderPicked>();
    expectTypeOf<ReturnType<Bridge['vaultUnlockProgress']>>().toEqualTypeOf<Promise<Result<UnlockProgress | null>>>();
    // acceptRollback may be left out by the renderer; the handler always sees it.
    expectTypeOf<ParsedRequestOf<'vaultUnlock'>['acceptRollback']>().toEqualTypeOf<boolean>();
    expectTypeOf<{ staffName: string; password: string }>().toExtend<RequestOf<'vaultUnlock'>>();
    expectTypeOf<Awaited<ReturnType<ChannelHandler<'clientGet'>>>>().toEqualTypeOf<ClientDetail>();
    // What the renderer sends may omit defaults; what the handler receives has them.
    expectTypeOf<RequestOf<'clientList'>>().toExtend<Partial<ParsedRequestOf<'clientList'>>>();
    expectTypeOf<Record<string, never>>().toExtend<RequestOf<'clientList'>>();
  });
});
