/** The Playwright binding that plays the part of ipcRenderer.invoke → ipcMain in e2e tests. */
export const BINDING_NAME = '__zhangdunInvoke';
