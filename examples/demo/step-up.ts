/**
 * Three pages guarded by step-up requirements, one of each typical kind
 * (docs/step-up.md): a dashboard any second factor in the last 12 hours (or a
 * remembered browser) opens; payment settings that need a security key
 * touched in the last 5 minutes; changing the e-mail address, which needs the
 * password and a code from the last 15 minutes. The guards send a user
 * short of a requirement to twofold's step-up page, which asks for only
 * what is missing and brings them back.
 */
import type { Express, Request, Response } from 'express';
import { CSRF_FIELD, checkCsrf, csrfToken } from '../../src/web/csrf.js';
import { formField, readForm } from '../../src/web/form.js';
import { html, type SafeHtml } from '../../src/web/html.js';
import { defineRequirement } from '../../src/web/step-up/index.js';
import { expressSession, sendWebResponse, toWebRequest, type TwofoldExpress } from '../../src/express/index.js';
import { demoPage, errorPage, timeText } from './pages.js';
import type { DemoUser } from './users.js';

/** The dashboard: any second factor in the last 12 hours, or a browser remembered for two-factor sign-in. */
export const DASHBOARD = defineRequirement('dashboard', {
  anyOf: [{ factor: 'second-factor', within: 12 * 3600 }, { factor: 'second-factor', rememberedBrowser: true }],
});
/** Payment settings: a security key or passkey (phishing-resistant), touched in the last 5 minutes. */
export const PAYMENTS = defineRequirement('payments', { factor: 'second-factor', phishingResistant: true, within: 300 });
/** Changing the e-mail address: the password and a code, both in the last 15 minutes. */
export const EMAIL_CHANGE = defineRequirement('email-change', {
  allOf: [{ factor: 'password', within: 900 }, { factor: 'second-factor', within: 900 }],
});
/** Every requirement of the demo, for the `requirements` option. */
export const DEMO_REQUIREMENTS = [DASHBOARD, PAYMENTS, EMAIL_CHANGE];

/** The step-up pages' URLs. */
export const STEP_UP_URLS = { dashboard: '/dashboard', payments: '/payments', email: '/email' } as const;

/** What the pages need from the demo. */
export interface StepUpPagesInput {
  readonly web: TwofoldExpress;
  readonly currentUser: (req: Request) => DemoUser | null;
  /** twofold's clock, for the times shown. */
  readonly now: () => number;
}

function backHome(): SafeHtml {
  return html`<p><a href="/">Home</a> · <a href="/profile">Two-factor authentication</a> (with the Lock button)</p>\n`;
}

function noted(text: string): SafeHtml {
  return html`<div class="tf-alert tf-alert-notice" role="status"><p>${text}</p></div>\n`;
}

/** Mounts the three pages on `app`. The e-mail addresses changed here live in memory until the demo stops. */
export function mountStepUpPages(app: Express, input: StepUpPagesInput): void {
  const { web, currentUser, now } = input;
  const changedAddresses = new Map<string, string>();
  const addressOf = (user: DemoUser): string => changedAddresses.get(user.id) ?? user.email;
  const userOf = (req: Request): DemoUser => {
    const user = currentUser(req);
    // The guard lets only signed-in users through.
    if (user === null) throw new Error('a guarded page without a user');
    return user;
  };

  app.get(STEP_UP_URLS.dashboard, web.requireFactors(DASHBOARD), async (req: Request, res: Response) => {
    const user = userOf(req);
    const body = html`<h1>Dashboard</h1>
${noted(`Signed in as ${user.username}. This page opens for any second factor in the last 12 hours, or a remembered browser: the code you signed in with this morning still counts.`)}<p>Shown at ${timeText(now())}.</p>
${backHome()}`;
    await sendWebResponse(res, demoPage('Dashboard', body));
  });

  app.get(STEP_UP_URLS.payments, web.requireFactors(PAYMENTS), async (req: Request, res: Response) => {
    const user = userOf(req);
    const body = html`<h1>Payment settings</h1>
${noted(`Signed in as ${user.username}, with a security key touched in the last 5 minutes.`)}<p>Nothing to pay here: the page shows what a phishing-resistant requirement looks like.</p>
${backHome()}`;
    await sendWebResponse(res, demoPage('Payment settings', body));
  });

  const emailForm = (req: Request, user: DemoUser, saved: string | null): SafeHtml => {
    const csrf = { field: CSRF_FIELD, token: csrfToken(expressSession(req), web.config.keys.csrf) };
    return html`<h1>Change e-mail address</h1>
${saved === null ? null : noted(`Saved: your address is now ${saved} (the demo keeps it in memory until it stops).`)}<p>Your address: <strong>${addressOf(user)}</strong>. Changing it needs your password and a code, both from the last 15 minutes: if they are older, you will be asked again, and told to send this form again.</p>
<form method="post" action="${STEP_UP_URLS.email}" novalidate>
<input type="hidden" name="${csrf.field}" value="${csrf.token}">
<div class="tf-field">
<label for="demo-email">New e-mail address</label>
<input id="demo-email" name="email" type="email" autocomplete="email" maxlength="254" required>
</div>
<div class="tf-actions"><button class="tf-button" type="submit">Change address</button></div>
</form>
${backHome()}`;
  };

  app.get(STEP_UP_URLS.email, web.requireFactors(EMAIL_CHANGE), async (req: Request, res: Response) => {
    await sendWebResponse(res, demoPage('Change e-mail address', emailForm(req, userOf(req), null)));
  });
  // The guard runs before the body is read: a refused post goes to the step-up page, told to be sent again.
  app.post(STEP_UP_URLS.email, web.requireFactors(EMAIL_CHANGE), async (req: Request, res: Response) => {
    const user = userOf(req);
    const request = await toWebRequest(req);
    const read = await readForm(request);
    if (!read.ok || !checkCsrf(request, expressSession(req), web.config.keys.csrf, formField(read.form, CSRF_FIELD))) {
      await sendWebResponse(res, errorPage(403, 'The form has expired', 'Nothing was changed: open Change e-mail address again and send the form from there.'));
      return;
    }
    const address = formField(read.form, 'email').trim();
    if (!/^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/.test(address)) {
      await sendWebResponse(res, demoPage('Error: Change e-mail address', html`${noted('That does not look like an e-mail address.')}${emailForm(req, user, null)}`, 400));
      return;
    }
    changedAddresses.set(user.id, address);
    await sendWebResponse(res, demoPage('Change e-mail address', emailForm(req, user, address)));
  });
}
