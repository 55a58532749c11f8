/**
 * Malformed IPC payloads for the router fuzz test: wrong types, huge strings,
 * deep nesting, prototype keys as own properties, lone surrogates, and valid
 * requests with one to three of those planted somewhere inside. Only values
 * that can cross Electron's structured clone (no functions, no symbols).
 */
import type { Rng } from '../../helpers/seeded-random';

/** Built once per run: large values are shared, never mutated. */
export interface Pools {
  hugeStrings: string[];
  hugeKey: string;
  deep: unknown[];
  wideArray: string[];
}

const MiB = 1 << 20;

/** A nest `depth` levels deep, built without recursion. */
function nest(depth: number, wrap: (inner: unknown, level: number) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = wrap(value, level);
  return value;
}

export function buildPools(): Pools {
  return {
    // Schemas cap strings at 4,096 characters at most; these are far past that, and Chinese text costs the
    // \p{C} checks most per character, so it is the shortest one (to keep the run fast).
    hugeStrings: ['a'.repeat(MiB), '账'.repeat(MiB / 8), '\uD800'.repeat(MiB / 4), `${'x'.repeat(MiB / 4)}\uDC00${' '.repeat(MiB / 4)}`],
    hugeKey: 'k'.repeat(64 * 1024),
    deep: [
      nest(10_000, (inner) => ({ a: inner })),
      nest(10_000, (inner) => [inner]),
      nest(5_000, (inner, level) => (level % 2 ? { id: inner } : [inner, 'x'])),
      nest(1_000, (inner) => ownKeys({}, [['__proto__', inner]])),
    ],
    wideArray: Array.from({ length: 100_000 }, () => 'x'),
  };
}

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D'];

/** Own, enumerable properties as structured clone delivers them: '__proto__' is a key like any other. */
export function ownKeys(target: object, entries: [string, unknown][]): object {
  for (const [key, value] of entries) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** Text with a lone surrogate (or a pair in the wrong order) somewhere in it. */
export function loneSurrogateText(rng: Rng, base = 'ab'): string {
  const lone = rng.int(4) === 0 ? '\uDE00\uD83D' : rng.pick(LONE_SURROGATES);
  const at = rng.int(base.length + 1);
  return `${base.slice(0, at)}${lone}${base.slice(at)}`;
}

function protoObject(rng: Rng): unknown {
  const polluting = { polluted: true, toString: 'polluted', isAdmin: true };
  switch (rng.int(4)) {
    case 0:
      return ownKeys({}, [['__proto__', polluting]]);
    case 1:
      return { constructor: { prototype: polluting } };
    case 2:
      return ownKeys({}, [['prototype', polluting], ['__proto__', { constructor: { prototype: polluting } }]]);
    default:
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown;
  }
}

const PRIMITIVES: readonly unknown[] = [
  undefined, null, true, false, 0, -0, -1, 1.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 2 ** 31,
  '', ' ', '0', 'true', 'null', '[object Object]', 10n, -(2n ** 64n),
];

function container(rng: Rng): unknown {
  switch (rng.int(12)) {
    case 0: return [];
    case 1: return [1, 'a', null, {}];
    case 2: return {};
    case 3: return new Date(NaN);
    case 4: return new Date(0);
    case 5: return new Map<unknown, unknown>([['id', '0'.repeat(32)]]);
    case 6: return new Set(['x']);
    case 7: return new Uint8Array(rng.int(16));
    case 8: return new ArrayBuffer(8);
    case 9: return new Float64Array([NaN, -0]);
    case 10: return /^[0-9a-f]{32}$/g;
    default: return new Error('boom');
  }
}

/** One value of the wrong kind for almost any field. */
export function badValue(rng: Rng, pools: Pools): unknown {
  const roll = rng.int(100);
  if (roll < 30) return rng.pick(PRIMITIVES);
  if (roll < 50) return container(rng);
  if (roll < 58) return rng.pick(pools.hugeStrings);
  if (roll < 66) return rng.pick(pools.deep);
  if (roll < 80) return protoObject(rng);
  if (roll < 95) return loneSurrogateText(rng, rng.pick(['', 'x', '张三', '0'.repeat(32), '/tmp/x']));
  return rng.int(2) ? pools.wideArray : [pools.wideArray];
}

/** An unknown key to add: a prototype key, a lone surrogate, a huge one, or an Object method's name. */
function strangeKey(rng: Rng, pools: Pools): string {
  const roll = rng.int(10);
  if (roll < 5) return rng.pick(PROTO_KEYS);
  if (roll < 7) return loneSurrogateText(rng, 'key');
  if (roll < 8) return pools.hugeKey;
  return rng.pick(['toString', 'valueOf', 'hasOwnProperty', 'then', 'x']);
}

/** The (container, key) slots of a request to plant a fault in: the template's own, not inside planted values. */
function slots(value: unknown, depth = 0, out: [object, string][] = []): [object, string][] {
  if (depth > 3 || value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return out;
  // Planted arrays can be 100,000 long: list at most 20 of their slots, without Object.keys.
  const keys = Array.isArray(value) ? Array.from({ length: Math.min(value.length, 20) }, (_, i) => String(i)) : Object.keys(value).slice(0, 20);
  for (const key of keys) {
    out.push([value, key]);
    slots((value as Record<string, unknown>)[key], depth + 1, out);
  }
  return out;
}

function mutateOnce(rng: Rng, root: Record<string, unknown>, pools: Pools): void {
  const all = slots(root);
  const slot = all.length > 0 && rng.int(5) > 0 ? rng.pick(all) : null;
  const [target, key] = slot ?? [root, ''];
  const record = target as Record<string, unknown>;
  const op = rng.int(10);
  if (!slot || op < 2) {
    ownKeys(target, [[strangeKey(rng, pools), rng.int(3) === 0 ? badValue(rng, pools) : rng.pick(PRIMITIVES)]]);
  } else if (op < 3) {
    delete record[key];
  } else if (op < 5 && typeof record[key] === 'string') {
    record[key] = loneSurrogateText(rng, record[key]);
  } else {
    record[key] = badValue(rng, pools);
  }
}

/**
 * A payload for a channel whose valid request is `template`: mostly the
 * template with one to three faults planted, otherwise a wrong value at the
 * top, a random tree, or a null-prototype copy. Some happen to be valid.
 */
export function malformedPayload(rng: Rng, template: unknown, pools: Pools): unknown {
  const roll = rng.int(100);
  if (roll < 15) return badValue(rng, pools);
  if (roll < 25) return randomTree(rng, pools, 4);
  const copy = structuredClone(template) as Record<string, unknown>;
  const faults = 1 + rng.int(3);
  for (let i = 0; i < faults; i++) mutateOnce(rng, copy, pools);
  return roll < 30 ? Object.assign(Object.create(null) as object, copy) : copy;
}

function randomTree(rng: Rng, pools: Pools, depth: number): unknown {
  if (depth === 0 || rng.int(3) === 0) return rng.int(4) === 0 ? badValue(rng, pools) : rng.pick(PRIMITIVES);
  if (rng.int(3) === 0) return Array.from({ length: rng.int(4) }, () => randomTree(rng, pools, depth - 1));
  const entries: [string, unknown][] = Array.from({ length: 1 + rng.int(4) }, () => [
    rng.int(2) ? strangeKey(rng, pools) : rng.pick(['id', 'clientId', 'name', 'query', 'fields', 'folder', 'path']),
    randomTree(rng, pools, depth - 1),
  ]);
  return ownKeys({}, entries);
}
