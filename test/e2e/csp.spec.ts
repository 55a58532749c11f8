import { CONTENT_SECURITY_POLICY } from '../../src/main/security/csp';
import { expect, test } from './fixtures';
import type { PageWindow } from './harness/page-window';

/**
 * (f) Every test fails on a CSP violation in the console (see fixtures.ts).
 * This one proves that check has teeth: the policy is really sent and
 * enforced, and a violation really shows up where the check looks.
 */
test('(f) the CSP is sent and enforced, and the console check catches a violation', async ({ page, browserLog }) => {
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  await expect(page.getByTestId('start-page')).toBeVisible();
  expect(browserLog.cspViolations()).toEqual([]);

  // (eval is not tried: DevTools-protocol evaluation exempts itself from the CSP's eval rule.)
  const outcome = await page.evaluate(async () => {
    const w = globalThis as unknown as PageWindow;
    const script = w.document.createElement('script');
    script.textContent = 'globalThis.__inlineRan = true;';
    w.document.head.append(script);
    let fetchBlocked = false;
    try {
      // connect-src 'none': not even the page's own origin.
      await (w['fetch'] as (url: string) => Promise<unknown>)('/index.html');
    } catch {
      fetchBlocked = true;
    }
    return { inlineRan: w['__inlineRan'] === true, fetchBlocked };
  });
  expect(outcome).toEqual({ inlineRan: false, fetchBlocked: true });
  await expect.poll(() => browserLog.cspViolations().length).toBeGreaterThanOrEqual(2);

  // Deliberate violations; the fixture's end-of-test check is for the app's own.
  browserLog.clear();
});
