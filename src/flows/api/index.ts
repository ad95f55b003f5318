/**
 * The JSON API of the sign-in and account flows, for single-page apps: the
 * handlers (mounted by `createRoutes` under `<prefix>/api/...`) and the types
 * of every request and response body.
 *
 * @packageDocumentation
 */
export type * from './types.js';
export type { AccountApiHandlers } from './account.js';
export { createAccountApi, toApiDevice } from './account.js';
export type { LoginApi } from './login.js';
export { createLoginApi } from './login.js';
export { createSessionHandler } from './session.js';
