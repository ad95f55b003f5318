/**
 * A store that records the name of every method called on it, to count what
 * an operation costs at the Store interface.
 */
import type { Store } from '../../src/core/types.js';

/** Wraps `inner`; `calls` lists the store methods called, in order. */
export function countingStore(inner: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}
