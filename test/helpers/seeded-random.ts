import { createCipheriv } from 'node:crypto';

/** A reproducible random source: a failing trial can be replayed from its seed. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  /** Pseudo-random bytes (AES-256-CTR keystream keyed from the seed): fast for large files. */
  bytes(length: number): Buffer;
  hex(bytes: number): string;
}

/** mulberry32: tiny, fast, good enough to pick positions and operations. */
export function seededRandom(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  const raw = (length: number): Buffer => {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = int(256);
    return out;
  };
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(items.length)] as T;
    },
    bytes(length: number): Buffer {
      const cipher = createCipheriv('aes-256-ctr', raw(32), raw(16));
      return Buffer.concat([cipher.update(Buffer.alloc(length)), cipher.final()]);
    },
    hex(bytes: number): string {
      return raw(bytes).toString('hex');
    },
  };
}
