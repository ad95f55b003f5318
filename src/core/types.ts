/**
 * The contracts of twofold's core: what a stored device looks like, what a
 * storage adapter must guarantee, and what a device kind implements.
 *
 * Everything here is plain data and plain functions, so that a kind or a
 * store can be written, tested and reasoned about on its own.
 *
 * The contracts live by subject: the device and its JSON state in
 * `device-types.ts`, storage in `store-types.ts`, device kinds in
 * `kind-types.ts`. This module gathers them, so `core/types.js` stays the one
 * place to import them from.
 */
export * from './device-types.js';
export * from './store-types.js';
export * from './kind-types.js';
