/**
 * The preload: runs sandboxed, before the page, in an isolated world. It
 * exposes the named bridge functions and nothing else — ipcRenderer itself
 * never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY } from '../shared/channels';
import { createBridge } from './bridge-factory';

contextBridge.exposeInMainWorld(
  BRIDGE_KEY,
  createBridge((channel, request) => ipcRenderer.invoke(channel, request)),
);
