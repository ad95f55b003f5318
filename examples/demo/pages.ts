/**
 * The demo's own pages (home, the protected page, errors), drawn with
 * twofold's `html` template and default layout so that they look like the
 * sign-in pages.
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
  admin: '/admin/',
  stylesheet: '/twofold.css',
  demoStylesheet: '/demo.css',
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
@media (prefers-color-scheme: dark) { .demo-ok { color: #57d977; } .demo-no { color: #e3b341; } }
`;

function page(title: string, body: SafeHtml, status = 200): Response {
  const document = defaultLayout({ title, body, lang: 'en', stylesheets: [DEMO_URLS.stylesheet, DEMO_URLS.demoStylesheet] });
  return htmlResponse(document.html, status);
}

function timeText(at: number): string {
  return new Date(at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** What the home page knows about the visitor. */
export interface HomeModel {
  readonly user: DemoUser | null;
  readonly device: Device | null;
  readonly factor: OtpFactor | null;
  readonly hasDevice: boolean;
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
      model.hasDevice ? null : ' This account has no two-factor device yet: an administrator can add one in the admin.'
    }</p>\n`;
  }
  const links: SafeHtml[] = [];
  if (user === null) links.push(link(DEMO_URLS.login, 'Sign in', 'Username, password, and a code if the account has a device.'));
  else if (device === null && model.hasDevice) links.push(link(`${DEMO_URLS.login}?next=%2F`, 'Verify with a code', 'Enter a code from one of your devices.'));
  links.push(link(DEMO_URLS.protected, 'Protected page', 'Only for sessions verified by a second factor (otpRequired).'));
  if (user !== null) {
    links.push(link('/profile', 'Two-factor authentication', 'Your devices, backup codes and remembered browsers.'));
    if (!model.hasDevice) links.push(link('/setup', 'Set up an authenticator app', 'Scan a QR code and confirm it with a code.'));
  }
  if (user?.isStaff === true) links.push(link(DEMO_URLS.admin, 'Admin', 'Staff with a verified session: add and manage devices.'));
  if (user !== null) links.push(link(DEMO_URLS.logout, 'Sign out', 'Ends the session on this browser.'));
  return page(
    'twofold demo',
    html`<h1>twofold demo</h1>
${status}<ul class="demo-links">
${links}</ul>
`,
  );
}

/** The page behind `otpRequired`. */
export function protectedPage(user: DemoUser, device: Device | null): Response {
  return page(
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
  return page(
    title,
    html`<h1>${title}</h1>
<div class="tf-alert tf-alert-error" role="alert"><p>${message}</p></div>
<p><a href="${DEMO_URLS.home}">Home</a></p>
`,
    status,
  );
}
