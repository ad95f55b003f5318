/**
 * The sign-in steps, once, for the pages and the JSON API alike: the
 * password step, the second factor (a device's code, a backup code, or a
 * remembered browser), and what each leaves in the session. The pages and
 * the API only turn the outcomes into HTML or JSON.
 *
 * The state machine lives in the session and nowhere else:
 *
 * - no marker: the password step is next (a code posted now is refused);
 * - `pending` = `{ userId, username, at }` after a correct password (never
 *   the password, never a device, never a step the client could change),
 *   valid for `pendingLoginSeconds` (0: no limit), in a session whose id was
 *   rotated when it was created;
 * - done: the marker is removed, the session id rotated again, the host's
 *   `logIn` called and the factors recorded.
 *
 * The device of the second factor comes from the request but is looked up
 * among the pending user's own confirmed devices only; anything else is
 * refused before any code is looked at, so another user's device is never
 * touched.
 *
 * The code lives by step: `sign-in-session.ts` (the methods, the pending
 * marker, finishing a sign-in), `password-step.ts` and
 * `second-factor-step.ts`; this module gathers them.
 */
export {
  cancelPending,
  chooseDevice,
  hasSecondFactor,
  MAX_PASSWORD_LENGTH,
  MAX_USERNAME_LENGTH,
  pendingExpiresAt,
  readPending,
  signInMethods,
  withCookies,
  type SignInMethods,
} from './sign-in-session.js';
export { passwordStep, type PasswordStepOutcome } from './password-step.js';
export {
  secondFactorStep,
  stepBinding,
  secondFactorSubject,
  verifyWithRememberedBrowser,
  type NoSubject,
  type SecondFactorRequest,
  type SecondFactorStepOutcome,
  type SecondFactorSubject,
} from './second-factor-step.js';
