/**
 * The demo's "Change password" page: the host application's business, not
 * twofold's, but it is where a password change meets two-factor
 * authentication, so the demo shows how the two fit:
 *
 * - the form posts with twofold's CSRF token (the same token and checks as
 *   twofold's own forms, so it rotates with the session);
 * - the new password is stored as a fresh scrypt hash, which changes the
 *   password fingerprint that "remember this browser" cookies are bound to,
 *   and the user's remembered browsers are forgotten as well;
 * - every other session of the user ends, and this one gets a new id (a
 *   change of authentication state) but stays signed in and verified.
 */
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import type { Twofold } from '../../src/core/twofold.js';
import { expressSession, sendWebResponse, toWebRequest } from '../../src/express/index.js';
import { forgetRememberedBrowsers } from '../../src/flows/remember/index.js';
import { CSRF_FIELD, checkCsrf, csrfToken } from '../../src/web/csrf.js';
import { formField, readForm } from '../../src/web/form.js';
import { redirectResponse } from '../../src/web/headers.js';
import type { SessionKeys } from '../../src/web/session.js';
import { DEMO_URLS, PASSWORD_FIELDS, changePasswordPage, errorPage, type DemoNotice, type PasswordProblem } from './pages.js';
import type { SqliteSessionStore } from './session-store.js';
import type { DemoUser, UserDirectory } from './users.js';

/** NIST SP 800-63B's minimum for a password the user chose. */
export const PASSWORD_MIN_LENGTH = 8;
/** The sign-in form accepts at most this many characters (its `maxlength`), so a longer password could never be typed there. */
export const PASSWORD_MAX_LENGTH = 1024;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function countCharacters(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

/** What the form sent, and whether the current password was right. */
export interface PasswordChangeInput {
  readonly username: string;
  readonly current: string;
  readonly next: string;
  readonly confirmation: string;
  readonly currentIsRight: boolean;
}

/**
 * The problems of a password change, at most one per field, in the order of
 * the form. An empty list means the change may go ahead.
 */
export function passwordChangeProblems(input: PasswordChangeInput): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (input.current === '') problems.push({ field: 'current', text: 'Enter your current password.' });
  else if (!input.currentIsRight) problems.push({ field: 'current', text: 'Your current password is not right.' });

  // Length in characters as a person counts them (an accented letter or an emoji is one).
  const characters = countCharacters(input.next);
  if (input.next === '') problems.push({ field: 'new', text: 'Enter a new password.' });
  else if (characters < PASSWORD_MIN_LENGTH) {
    problems.push({ field: 'new', text: `Your new password needs at least ${PASSWORD_MIN_LENGTH} characters.` });
  } else if (input.next.length > PASSWORD_MAX_LENGTH) {
    problems.push({ field: 'new', text: `Your new password can have at most ${PASSWORD_MAX_LENGTH} characters.` });
  } else if (input.next.normalize('NFC').toLowerCase() === input.username.normalize('NFC').toLowerCase()) {
    problems.push({ field: 'new', text: 'Your new password must not be your username.' });
  } else if (input.next === input.current) {
    problems.push({ field: 'new', text: 'Your new password must differ from the current one.' });
  }

  if (input.confirmation === '') problems.push({ field: 'confirm', text: 'Enter the new password a second time.' });
  else if (input.confirmation !== input.next) problems.push({ field: 'confirm', text: 'The two new passwords are not the same.' });
  return problems;
}

/** What the change-password page needs from the app. */
export interface PasswordPageOptions {
  readonly twofold: Twofold;
  readonly users: UserDirectory;
  readonly sessions: SqliteSessionStore;
  /** twofold's session keys (`createTwofoldExpress(...).config.keys`): the CSRF token and the sign-in in progress. */
  readonly keys: SessionKeys;
  /** The session key of the demo's own login state. */
  readonly userKey: string;
  /** The session key of the home page's one-time notice. */
  readonly noticeKey: string;
  readonly currentUser: (req: ExpressRequest) => DemoUser | null;
}

/** GET and POST handlers of the change-password page; put twofold's `otpRequired({ ifConfigured: true })` in front of both. */
export function passwordPageHandlers(options: PasswordPageOptions): {
  show: (req: ExpressRequest, res: ExpressResponse) => Promise<void>;
  submit: (req: ExpressRequest, res: ExpressResponse) => Promise<void>;
} {
  const { twofold, users, sessions, keys } = options;

  function form(req: ExpressRequest, user: DemoUser, problems: readonly PasswordProblem[], status: number): Response {
    return changePasswordPage(
      {
        username: user.username,
        csrfField: CSRF_FIELD,
        csrfToken: csrfToken(expressSession(req), keys.csrf),
        problems,
        minLength: PASSWORD_MIN_LENGTH,
        maxLength: PASSWORD_MAX_LENGTH,
      },
      status,
    );
  }

  async function show(req: ExpressRequest, res: ExpressResponse): Promise<void> {
    const user = options.currentUser(req);
    if (user === null) {
      res.redirect(303, `${DEMO_URLS.login}?next=${encodeURIComponent(DEMO_URLS.password)}`);
      return;
    }
    await sendWebResponse(res, form(req, user, [], 200));
  }

  async function submit(req: ExpressRequest, res: ExpressResponse): Promise<void> {
    const request = await toWebRequest(req);
    const read = await readForm(request);
    if (!read.ok) {
      await sendWebResponse(res, errorPage(read.status, 'The form could not be read', 'Open the change-password page again and send the form from there.'));
      return;
    }
    const session = expressSession(req);
    if (!checkCsrf(request, session, keys.csrf, formField(read.form, CSRF_FIELD))) {
      await sendWebResponse(
        res,
        errorPage(403, 'The form has expired', 'Your session changed since the page was opened, or the form came from another site. Nothing was changed: open Change password again.'),
      );
      return;
    }
    const user = options.currentUser(req);
    if (user === null) {
      res.redirect(303, `${DEMO_URLS.login}?next=${encodeURIComponent(DEMO_URLS.password)}`);
      return;
    }

    const current = formField(read.form, PASSWORD_FIELDS.current.name);
    const next = formField(read.form, PASSWORD_FIELDS.new.name);
    const confirmation = formField(read.form, PASSWORD_FIELDS.confirm.name);
    // Checked even when other fields are wrong, so that the page lists every problem at once.
    const currentIsRight = current !== '' && (await users.verifyPassword(user.username, current))?.id === user.id;
    const problems = passwordChangeProblems({ username: user.username, current, next, confirmation, currentIsRight });
    if (problems.length > 0) {
      await sendWebResponse(res, form(req, user, problems, 400));
      return;
    }

    await users.setPassword(user.id, next);
    // The new hash alone already changes the fingerprint the remember cookies are bound to;
    // forgetting the records as well keeps the profile's list of remembered browsers truthful.
    await forgetRememberedBrowsers(twofold, user.id);
    // Whoever knew the old password loses their sessions, signed in or half-way through a sign-in.
    sessions.destroyOtherSessionsOf([`$.${options.userKey}`, `$.${keys.pending}.userId`], user.id, req.sessionID);
    // A change of authentication state: a new session id, and a new CSRF token with it.
    session.delete(keys.csrf);
    await session.regenerate('all');
    const notice: DemoNotice = 'password-changed';
    session.set(options.noticeKey, notice);
    await sendWebResponse(res, redirectResponse(DEMO_URLS.home));
  }

  return { show, submit };
}
