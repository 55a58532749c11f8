/**
 * Runs in the page (every frame) before the app's own scripts, standing in for
 * the preload: the app's own bridge factory, with Playwright's binding as the
 * transport instead of ipcRenderer.invoke. Bundled to a string by
 * bridge-script.ts; imports only what the real preload imports, plus the
 * transport codec (the binding carries JSON; byte arrays travel tagged).
 */
import { createBridge } from '../../../src/preload/bridge-factory';
import { BRIDGE_KEY } from '../../../src/shared/channels';
import { BINDING_NAME } from './binding-name';
import { decodeBytes, encodeBytes } from './transport-codec';

type Binding = (channel: string, request: unknown) => Promise<unknown>;

const page = globalThis as unknown as Record<string, unknown>;

// Looked up per call: Playwright may define the binding after this script runs.
const bridge = createBridge(async (channel, request) => decodeBytes(await (page[BINDING_NAME] as Binding)(channel, encodeBytes(request))));

// Like contextBridge.exposeInMainWorld: a read-only property the page cannot replace.
Object.defineProperty(page, BRIDGE_KEY, { value: bridge, enumerable: true, writable: false, configurable: false });
