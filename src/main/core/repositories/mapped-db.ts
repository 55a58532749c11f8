import { mapSqliteError, type Db } from '../db/database';

type Fn = (...args: unknown[]) => unknown;

const EXECUTE = new Set<PropertyKey>(['run', 'get', 'all']);

function mapped<T>(call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw mapSqliteError(err, 'vault.db');
  }
}

/** Maps errors from each step; `return` reaches the statement, so breaking out of a loop frees it. */
function mappedIterator<T>(iterator: IterableIterator<T>): IterableIterator<T> {
  const wrapped: IterableIterator<T> = {
    next: () => mapped(() => iterator.next()),
    return: (value?: unknown) => (iterator.return ? iterator.return(value) : { done: true, value: value as T }),
    [Symbol.iterator]: () => wrapped,
  };
  return wrapped;
}

function statement<S extends object>(stmt: S): S {
  return new Proxy(stmt, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = value as Fn;
      if (EXECUTE.has(prop)) return (...args: unknown[]) => mapped(() => fn.apply(target, args));
      if (prop === 'iterate') return (...args: unknown[]) => mappedIterator(mapped(() => fn.apply(target, args) as IterableIterator<unknown>));
      return fn.bind(target);
    },
  });
}

/**
 * The database as the repositories see it: a damaged page, a full disk or a
 * read-only folder met by any statement comes out as TAMPERED / DISK_FULL /
 * READ_ONLY (a VaultError), never as a raw SQLite error.
 */
export function withMappedErrors(db: Db): Db {
  // Repositories prepare their SQL on each call; compiling it once per connection saves the parse and plan.
  const cache = new Map<string, { busy: boolean }>();
  const prepare = (fn: Fn, target: Db, args: unknown[]): object => {
    const sql = args[0];
    const cached = typeof sql === 'string' && args.length === 1 ? cache.get(sql) : undefined;
    // A statement still iterating cannot run again: that caller gets a fresh one.
    if (cached && !cached.busy) return cached;
    const fresh = statement(mapped(() => fn.apply(target, args) as { busy: boolean }));
    if (typeof sql === 'string' && args.length === 1 && !cached) {
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
      cache.set(sql, fresh);
    }
    return fresh;
  };
  return new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = value as Fn;
      if (prop === 'prepare') return (...args: unknown[]) => prepare(fn, target, args);
      if (prop === 'close') {
        return (...args: unknown[]) => {
          cache.clear();
          return fn.apply(target, args);
        };
      }
      return fn.bind(target);
    },
  });
}

/** Distinct statements kept per connection (the repositories have a few dozen). */
const STATEMENT_CACHE = 256;
