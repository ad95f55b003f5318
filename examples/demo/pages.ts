/**
 * The demo's own pages (home, the protected page, changing the password,
 * errors), drawn with twofold's `html` template and default layout so that
 * they look like the sign-in pages. They are in English only: twofold's
 * pages are translated, the host's own pages are the host's business.
 */
import type { Device } from '../../src/core/types.js';
import { htmlResponse } from '../../src/web/headers.js';
import { defaultLayout, html, type SafeHtml } from '../../src/web/html.js';
import type { OtpFactor } from '../../src/web/state.js';
import type { DemoUser } from './users.js';

/** URLs of the demo. */
export const DEMO_URLS = {
  home: '/',
  protected: '/protected',
  login: '/login',
  logout: '/logout',
  password: '/password',
  profile: '/profile',
  setup: '/setup',
  admin: '/admin/',
  stylesheet: '/twofold.css',
  demoStylesheet: '/demo.css',
  outbox: '/outbox',
} as const;

/** A few rules on top of twofold's stylesheet. */
export const DEMO_CSS = `.demo-links { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.5rem; }
.demo-links a { display: block; padding: 0.6rem 0.9rem; border: 1px solid var(--tf-border); border-radius: 0.4rem; text-decoration: none; font-weight: 600; }
.demo-links a:hover { background: var(--tf-notice-bg); }
.demo-links .tf-hint { font-weight: 400; margin: 0.15rem 0 0; }
.demo-status { margin: 0 0 1.25rem; }
.demo-ok { color: #1a7f37; font-weight: 600; }
.demo-no { color: #9a6700; font-weight: 600; }
.tf-card .tf-alert p:last-child { margin-bottom: 0; }
.demo-field-error { display: block; color: var(--tf-error); font-weight: 600; margin-bottom: 0.35rem; }
.demo-nav { margin: 1.5rem 0 0; padding-top: 1rem; border-top: 1px solid var(--tf-border); }
@media (prefers-color-scheme: dark) { .demo-ok { color: #57d977; } .demo-no { color: #e3b341; } }
`;

/** A one-time message for the home page, kept in the session until shown. */
export type DemoNotice = 'password-changed';

const NOTICE_TEXT: Readonly<Record<DemoNotice, string>> = {
  'password-changed':
    'Your password is changed. Browsers remembered for two-factor sign-in will ask for a code again, and any other browser signed in as you has been signed out.',
};

/** A page of the demo's own in twofold's default layout, with twofold's and the demo's stylesheets. */
export function demoPage(title: string, body: SafeHtml, status = 200): Response {
  const document = defaultLayout({ title, body, lang: 'en', stylesheets: [DEMO_URLS.stylesheet, DEMO_URLS.demoStylesheet] });
  return htmlResponse(document.html, status);
}

/** A time as `2026-01-01 10:00:05 UTC`: the demo's own pages are in English and in UTC. */
export function timeText(at: number): string {
  return new Date(at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** What the home page knows about the visitor. */
export interface HomeModel {
  readonly user: DemoUser | null;
  readonly device: Device | null;
  readonly factor: OtpFactor | null;
  readonly hasDevice: boolean;
  /** A one-time message to show above the status, or null. */
  readonly notice: DemoNotice | null;
  /** Whether the development outbox page exists (not in production mode). */
  readonly outbox: boolean;
}

function link(href: string, label: string, hint: string): SafeHtml {
  return html`<li><a href="${href}">${label}<span class="tf-hint">${hint}</span></a></li>\n`;
}

/** The home page: who you are, whether this session is verified, where to go. */
export function homePage(model: HomeModel): Response {
  const { user, device, factor } = model;
  let status: SafeHtml;
  if (user === null) {
    status = html`<p class="demo-status">You are not signed in. The demo's users and their passwords are printed in the terminal where you ran <code>npm start</code>.</p>\n`;
  } else if (device !== null) {
    status = html`<p class="demo-status">Signed in as <strong>${user.username}</strong>${user.isStaff ? ' (staff)' : ''}. <span class="demo-ok">Verified</span> with the device “${device.name}” (${device.kind})${
      factor === null ? '' : html` at ${timeText(factor.at)}`
    }.</p>\n`;
  } else {
    status = html`<p class="demo-status">Signed in as <strong>${user.username}</strong>${user.isStaff ? ' (staff)' : ''}. <span class="demo-no">Not verified</span> by a second factor in this session.${
      model.hasDevice ? null : ' This account has no two-factor device yet: set one up below.'
    }</p>\n`;
  }
  const links: SafeHtml[] = [];
  if (user === null) links.push(link(DEMO_URLS.login, 'Sign in', 'Username, password, and a code if the account has a device.'));
  else if (device === null && model.hasDevice) links.push(link(`${DEMO_URLS.login}?next=%2F`, 'Verify with a code', 'Enter a code from one of your devices.'));
  links.push(link(DEMO_URLS.protected, 'Protected page', 'Only for sessions verified by a second factor (otpRequired).'));
  if (user !== null) {
    links.push(link('/dashboard', 'Dashboard', 'Step-up: any second factor in the last 12 hours, or a remembered browser.'));
    links.push(link('/email', 'Change e-mail address', 'Step-up: your password and a code from the last 15 minutes.'));
    links.push(link('/payments', 'Payment settings', 'Step-up: a security key touched in the last 5 minutes.'));
  }
  if (user !== null) {
    links.push(link(DEMO_URLS.profile, 'Two-factor authentication', 'Your devices, backup codes and remembered browsers.'));
    if (!model.hasDevice) {
      links.push(
        model.outbox
          ? link(DEMO_URLS.setup, 'Set up two-factor authentication', 'An authenticator app, or codes by text message, voice call or e-mail.')
          : link(DEMO_URLS.setup, 'Set up an authenticator app', 'Scan a QR code and confirm it with a code.'),
      );
    }
    links.push(link(DEMO_URLS.password, 'Change password', 'Asks for your current password first.'));
  }
  if (user?.isStaff === true) links.push(link(DEMO_URLS.admin, 'Admin', 'Staff with a verified session: add and manage devices.'));
  if (model.outbox) links.push(outboxLink());
  if (user !== null) links.push(link(DEMO_URLS.logout, 'Sign out', 'Ends the session on this browser.'));
  return demoPage(
    'twofold demo',
    html`<h1>twofold demo</h1>
${model.notice === null ? null : html`<div class="tf-alert tf-alert-notice" role="status"><p>${NOTICE_TEXT[model.notice]}</p></div>\n`}${status}<ul class="demo-links">
${links}</ul>
`,
  );
}

/** The page behind `otpRequired`. */
export function protectedPage(user: DemoUser, device: Device | null): Response {
  return demoPage(
    'Protected page',
    html`<h1>Protected page</h1>
<div class="tf-alert tf-alert-notice" role="status"><p>You are <strong>${user.username}</strong>, and this session was verified${
      device === null ? null : html` with “${device.name}” (${device.kind})`
    }. Only verified sessions see this page.</p></div>
<ul class="demo-links">
${link(DEMO_URLS.home, 'Home', 'Back to the start page.')}${link(DEMO_URLS.logout, 'Sign out', 'Ends the session on this browser.')}</ul>
`,
  );
}

/** A plain error page that reveals nothing about the failure. */
export function errorPage(status: number, title: string, message: string): Response {
  return demoPage(
    title,
    html`<h1>${title}</h1>
<div class="tf-alert tf-alert-error" role="alert"><p>${message}</p></div>
<p><a href="${DEMO_URLS.home}">Home</a></p>
`,
    status,
  );
}

/** A field of the change-password form. */
export type PasswordField = 'current' | 'new' | 'confirm';

/** What is wrong with one field of the change-password form. */
export interface PasswordProblem {
  readonly field: PasswordField;
  readonly text: string;
}

/** The change-password form's fields: id (for labels and the error summary's links), name, autocomplete. */
export const PASSWORD_FIELDS: Readonly<Record<PasswordField, { readonly id: string; readonly name: string; readonly autocomplete: string }>> = {
  current: { id: 'demo-current-password', name: 'current_password', autocomplete: 'current-password' },
  new: { id: 'demo-new-password', name: 'new_password', autocomplete: 'new-password' },
  confirm: { id: 'demo-confirm-password', name: 'confirm_password', autocomplete: 'new-password' },
};

/** What the change-password page shows. */
export interface ChangePasswordModel {
  readonly username: string;
  /** The CSRF form field and the session's token (twofold's, so it rotates with the session). */
  readonly csrfField: string;
  readonly csrfToken: string;
  /** At most one problem per field, in the order of the fields. */
  readonly problems: readonly PasswordProblem[];
  readonly minLength: number;
  readonly maxLength: number;
}

function passwordInput(model: ChangePasswordModel, field: PasswordField, label: string, hint: string | null): SafeHtml {
  const { id, name, autocomplete } = PASSWORD_FIELDS[field];
  const problem = model.problems.find((candidate) => candidate.field === field);
  const described = [hint === null ? null : `${id}-hint`, problem === undefined ? null : `${id}-error`].filter((part) => part !== null).join(' ');
  // Passwords are never written back into the form, not even after an error.
  return html`<div class="tf-field">
<label for="${id}">${label}</label>
${hint === null ? null : html`<span class="tf-hint" id="${id}-hint">${hint}</span>\n`}${
    problem === undefined ? null : html`<span class="demo-field-error" id="${id}-error">${problem.text}</span>\n`
  }<input id="${id}" name="${name}" type="password" autocomplete="${autocomplete}" maxlength="${model.maxLength}"${
    described === '' ? null : html` aria-describedby="${described}"`
  }${problem === undefined ? null : html` aria-invalid="true"`}>
</div>
`;
}

/** The change-password page: current password, new password twice, and an error summary linking to the fields. */
export function changePasswordPage(model: ChangePasswordModel, status = 200): Response {
  const summary =
    model.problems.length === 0
      ? null
      : html`<div class="tf-alert tf-alert-error" role="alert">
<h2>Please correct the following</h2>
<ul>${model.problems.map((problem) => html`<li><a href="#${PASSWORD_FIELDS[problem.field].id}">${problem.text}</a></li>`)}</ul>
</div>
`;
  return demoPage(
    // Screen readers announce the title first: say at once that the form came back with problems.
    model.problems.length === 0 ? 'Change password' : 'Error: Change password',
    html`<h1>Change password</h1>
${summary}<p>Signed in as <strong>${model.username}</strong>. Changing your password ends two-factor “remember this browser” everywhere, and signs out every other browser signed in as you. This browser stays signed in.</p>
<form method="post" action="${DEMO_URLS.password}" novalidate>
<input type="hidden" name="${model.csrfField}" value="${model.csrfToken}">
<input type="text" name="username" value="${model.username}" autocomplete="username" hidden readonly>
${passwordInput(model, 'current', 'Current password', null)}${passwordInput(
      model,
      'new',
      'New password',
      `At least ${model.minLength} characters, and not your username. A few unrelated words are easy to type and hard to guess.`,
    )}${passwordInput(model, 'confirm', 'New password again', null)}<div class="tf-actions">
<button class="tf-button" type="submit">Change password</button>
<a class="tf-button tf-button-secondary" href="${DEMO_URLS.home}">Cancel</a>
</div>
</form>
`,
    status,
  );
}

function outboxLink(): SafeHtml {
  return link(DEMO_URLS.outbox, 'Outbox (development only)', 'The text messages, voice calls and e-mails the demo would have sent, with their codes.');
}

/**
 * Links from twofold's profile page back into the demo (the profile is
 * twofold's, the demo wraps its view); `outbox` adds the development outbox.
 */
export function profileNavigation(outbox: boolean): SafeHtml {
  return html`<nav class="demo-nav" aria-label="This demo">
<ul class="demo-links">
${link(DEMO_URLS.password, 'Change password', 'Asks for your current password first.')}${link(DEMO_URLS.home, 'Home', 'Back to the start page.')}${
    outbox ? outboxLink() : null
  }${link(DEMO_URLS.logout, 'Sign out', 'Ends the session on this browser.')}</ul>
</nav>
`;
}
