/**
 * The request and response bodies of twofold's JSON API, for single-page
 * apps and mobile clients (django-two-factor-auth #209, #354, #576). Every
 * endpoint lives under `<prefix>/api/`, takes and returns JSON, and follows
 * the same rules as the pages.
 *
 * Conventions shared by every endpoint:
 *
 * - State-changing requests are `POST` with `Content-Type: application/json`
 *   and the session's CSRF token in an `X-CSRF-Token` header (get it from
 *   `GET <prefix>/api/session`); a cross-site request is refused like a form.
 *   A refused request gets 403 `{ error: 'csrf' }` and changes nothing.
 * - Errors are `{ error, message }`: a stable machine-readable code and the
 *   translated sentence the pages would show. A 429 also carries `retryAt`
 *   and a `Retry-After` header (seconds).
 * - Times are ISO 8601 strings in UTC. Device ids are persistent ids
 *   (`totp/…`), never trusted: another user's id is refused.
 * - Responses are never cached (`Cache-Control: no-store`).
 *
 * The sign-in endpoints' bodies are in `login-types.ts`, the account
 * endpoints' in `account-types.ts`.
 *
 * @packageDocumentation
 */
export type * from './login-types.js';
export type * from './account-types.js';
