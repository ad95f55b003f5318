/**
 * twofold: two-factor authentication for TypeScript web apps on Node.js.
 *
 * The root entry point is the framework-free core. Device kinds, stores and
 * the OATH algorithms have their own entry points: `twofold/devices/totp`,
 * `twofold/store/kysely`, `twofold/oath`, ...
 *
 * @packageDocumentation
 */
export * from './core/index.js';
