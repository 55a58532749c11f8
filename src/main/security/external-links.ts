/**
 * Which URLs the app may hand to the operating system's browser. A vault
 * window never navigates away from app://; links to the outside world open
 * externally, and only to a short, exact list of hosts so a compromised or
 * buggy page cannot use `shell.openExternal` as a launcher (file:, smb:,
 * custom protocol handlers) or as a phishing redirect.
 */

/** Exact hostnames, compared after URL parsing (lower-case, punycode). */
export const EXTERNAL_LINK_HOSTS: readonly string[] = Object.freeze(['www.chinatax.gov.cn']);

/** Pure guard: https only, default port, no credentials, host exactly on the list. */
export function isAllowedExternalUrl(raw: unknown, allowedHosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  // Credentials in a link are a classic disguise (https://www.chinatax.gov.cn@evil.example).
  if (url.username !== '' || url.password !== '') return false;
  if (url.port !== '') return false;
  return allowedHosts.includes(url.hostname);
}
