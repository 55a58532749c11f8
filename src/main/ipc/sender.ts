/** Who sent an IPC request, as far as the transport can tell. */
export interface SenderInfo {
  /** URL of the frame that sent the request. */
  url: string | undefined;
  /** True only when the sending frame is the window's top-level frame. */
  isTopFrame: boolean;
}

/** The app's own origin in production: the custom `app://` scheme. */
export const APP_ORIGIN = 'app://zhangdun';

/**
 * Pure guard: a request is trusted only from the top frame of a page whose
 * origin is exactly the app's. Subframes, other schemes and look-alike hosts
 * are refused.
 */
export function isTrustedSender(sender: SenderInfo, allowedOrigin: string = APP_ORIGIN): boolean {
  if (!sender.isTopFrame || typeof sender.url !== 'string') return false;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const expected = new URL(allowedOrigin);
  return url.protocol === expected.protocol && url.host === expected.host;
}
