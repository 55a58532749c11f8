import type { Bridge } from '../../../src/shared/bridge';

/**
 * What page.evaluate() callbacks touch in the page. test/e2e compiles with
 * Node's types, not the DOM's, so callbacks cast globalThis to this. Types
 * only: callbacks are sent to the page as source text and import nothing.
 */
export interface PageElement {
  setAttribute(name: string, value: string): void;
  append(...nodes: PageElement[]): void;
  textContent: string | null;
}

export interface PageWindow {
  zhangdun: Bridge;
  __zhangdunInvoke: (channel: string, request: unknown) => Promise<unknown>;
  document: {
    body: PageElement;
    head: PageElement;
    createElement(tag: string): PageElement;
  };
  [key: string]: unknown;
}
