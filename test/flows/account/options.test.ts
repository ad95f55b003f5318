import { describe, it } from 'node:test';
import { ACCOUNT_DATE_FORMAT } from '../../../src/flows/account/options.js';
import assert from 'node:assert/strict';
import { createTwofold, manualClock } from '../../../src/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { backupCodes } from '../../../src/devices/backup-codes/index.js';
import { phone } from '../../../src/devices/phone/index.js';
import { email } from '../../../src/devices/email/index.js';
import { createDevelopmentGateway, type PhoneGateway } from '../../../src/gateways/development/index.js';
import { isTwofoldError } from '../../../src/core/errors.js';
import type { AnyDeviceKind } from '../../../src/core/twofold.js';
import { resolveWebConfig } from '../../../src/assembly/options.js';
import { createRoutes } from '../../../src/assembly/routes.js';
import { html } from '../../../src/web/html.js';
import { accountProfileView, accountSetupDoneView, type AccountPageBase, type AccountProfileModel } from '../../../src/flows/account/views.js';
import { accountUrls } from '../../../src/flows/account/pages.js';
import { createTranslator } from '../../../src/assembly/messages.js';
import { csrfOf, START, startHost, TEST_SECRET } from '../../express/support.js';
import { signIn } from './support.js';

function twofold(kinds: readonly AnyDeviceKind[] = [totp(), backupCodes()]) {
  return createTwofold({ store: createMemoryStore(), kinds, clock: manualClock(START).now, secrets: [TEST_SECRET], logger: { warn() {}, error() {} } });
}

function configError(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && pattern.test(error.message));
}

describe('account options', () => {
  it('has safe defaults: 15 minutes for recent, 10 for a setup, 5 for the download, TOTP as the method', () => {
    const config = resolveWebConfig({ twofold: twofold() });
    assert.ok(config.account !== null);
    assert.equal(config.account.recentVerificationMs, 900_000);
    assert.equal(config.account.setupTimeoutMs, 600_000);
    assert.equal(config.account.backupCodesDownloadMs, 300_000);
    assert.deepEqual(config.account.methods, ['totp']);
    assert.equal(config.account.accountName({ id: '7', username: null }), '7');
    assert.equal(config.account.accountName({ id: '7', username: 'zoe' }), 'zoe');
    assert.equal(config.account.accountName({ id: '7', username: 'carol:admin' }), 'carol-admin', 'cleaned for otpauth labels');
    assert.equal(config.account.accountName({ id: 'github:7', username: '\u0001' }), 'github-7');
    assert.equal(config.account.issuer({ id: '7', username: null }), undefined);
    assert.deepEqual(config.secrets, [TEST_SECRET], "the twofold instance's secrets, passed once");
    const unkeyed = createTwofold({ store: createMemoryStore(), kinds: [totp()], logger: { warn() {}, error() {} } });
    const random = resolveWebConfig({ twofold: unkeyed }).secrets;
    assert.equal(random.length, 1, 'a random key per process when the instance has none (never the public development key)');
    assert.notEqual(random[0], resolveWebConfig({ twofold: unkeyed }).secrets[0]);
  });

  it('refuses mistakes at start-up', () => {
    const instance = twofold();
    configError(() => resolveWebConfig({ twofold: instance, account: { recentVerificationSeconds: 10 } }), /recentVerificationSeconds/);
    configError(() => resolveWebConfig({ twofold: instance, account: { recentVerificationSeconds: 1.5 } }), /recentVerificationSeconds/);
    configError(() => resolveWebConfig({ twofold: instance, account: { setupTimeoutSeconds: 4000 } }), /setupTimeoutSeconds/);
    configError(() => resolveWebConfig({ twofold: instance, account: { backupCodesDownloadSeconds: 0 } }), /backupCodesDownloadSeconds/);
    configError(() => resolveWebConfig({ twofold: instance, account: { methods: [] } }), /at least one/);
    configError(() => resolveWebConfig({ twofold: instance, account: { methods: ['hotp'] } }), /not a registered kind/);
    configError(() => resolveWebConfig({ twofold: instance, account: { methods: ['backup-codes'] } }), /provisioning URI/);
    configError(() => resolveWebConfig({ twofold: instance, account: { methods: ['totp', 'totp'] } }), /twice/);
    configError(() => resolveWebConfig({ twofold: instance, secrets: ['short'] }), /at least 32 characters/);
    configError(() => resolveWebConfig({ twofold: instance, secrets: [] }), /non-empty/);
  });

  it("takes production from the twofold instance, never from NODE_ENV itself", () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      // Created for development: the web layer follows the instance, whatever NODE_ENV says now.
      const development = createTwofold({ store: createMemoryStore(), kinds: [totp()], environment: 'development', logger: { warn() {}, error() {} } });
      assert.equal(development.settings.production, false);
      assert.equal(resolveWebConfig({ twofold: development }).secrets.length, 1);
      const production = twofold();
      assert.equal(production.settings.production, true, 'NODE_ENV read once, by the core');
      assert.deepEqual(resolveWebConfig({ twofold: production }).secrets, [TEST_SECRET]);
      assert.equal(resolveWebConfig({ twofold: production, account: false }).account, null);
    } finally {
      if (saved === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = saved;
    }
  });

  it('adds the account routes to the route table, and none with account: false', () => {
    const paths = createRoutes(resolveWebConfig({ twofold: twofold() })).map((route) => `${route.method} ${route.path}`);
    for (const expected of [
      'GET /profile',
      'GET /setup',
      'POST /setup',
      'GET /setup/qr.svg',
      'POST /backup-codes/download',
      'POST /disable',
      'POST /api/setup/start',
      'POST /api/setup/confirm',
      'POST /api/setup/resend',
      'POST /api/setup/cancel',
      'GET /api/devices',
      'POST /api/devices/rename',
      'POST /api/devices/remove',
      'POST /api/devices/primary',
      'GET /api/backup-codes',
      'POST /api/backup-codes',
      'POST /api/disable',
    ]) {
      assert.ok(paths.includes(expected), expected);
    }
    const without = createRoutes(resolveWebConfig({ twofold: twofold(), account: false })).map((route) => route.path);
    assert.equal(without.some((path) => path.startsWith('/setup') || path.startsWith('/api/devices')), false);
  });

  it('offers no setup method without TOTP, but keeps the other pages', () => {
    const config = resolveWebConfig({ twofold: twofold([backupCodes()]) });
    assert.deepEqual(config.account?.methods, []);
  });

  it('offers the channels of the registered phone and e-mail kinds, and refuses channels nobody serves', () => {
    const gateway = createDevelopmentGateway({ log: () => undefined, environment: 'test' });
    const smsOnly: PhoneGateway = { sendSms: (to, message, context) => gateway.sendSms(to, message, context) };
    assert.deepEqual(resolveWebConfig({ twofold: twofold([totp(), phone({ gateway, defaultRegion: 'NL' }), email({ sender: gateway })]) }).account?.methods, [
      'totp',
      'sms',
      'call',
      'email',
    ]);
    const textOnly = twofold([totp(), phone({ gateway: smsOnly })]);
    assert.deepEqual(resolveWebConfig({ twofold: textOnly }).account?.methods, ['totp', 'sms'], 'no calls without a gateway that calls');
    assert.deepEqual(resolveWebConfig({ twofold: textOnly, account: { methods: ['sms', 'totp'] } }).account?.methods, ['sms', 'totp']);
    configError(() => resolveWebConfig({ twofold: textOnly, account: { methods: ['call'] } }), /"call" is not a registered kind .* nor a method of a registered kind that sends codes \(sms\)/);
    configError(() => resolveWebConfig({ twofold: textOnly, account: { methods: ['email'] } }), /"email" is not a registered kind/);
    configError(() => resolveWebConfig({ twofold: textOnly, account: { methods: ['sms', 'sms'] } }), /twice/);
    configError(() => resolveWebConfig({ twofold: textOnly, account: { userEmail: 'me@example.com' as never } }), /userEmail/);
    configError(() => resolveWebConfig({ twofold: textOnly, account: { formatDate: 'medium' as never } }), /formatDate/);
  });

  it('formats dates in the page’s language and the configured time zone, unless the host formats them', () => {
    const at = new Date(Date.UTC(2026, 0, 2, 23, 30));
    const { account } = resolveWebConfig({ twofold: twofold(), timeZone: 'Europe/Amsterdam' });
    assert.ok(account !== null);
    const inAmsterdam = (language: string) => new Intl.DateTimeFormat(language, { ...ACCOUNT_DATE_FORMAT, timeZone: 'Europe/Amsterdam' }).format(at);
    assert.equal(account.formatDate(at, 'de'), inAmsterdam('de'));
    assert.equal(account.formatDate(at, 'en'), inAmsterdam('en'));
    assert.notEqual(inAmsterdam('de'), inAmsterdam('en'));
    const own = resolveWebConfig({ twofold: twofold(), account: { formatDate: (date, language) => `${language} ${date.getTime()}` } }).account;
    assert.ok(own !== null);
    assert.equal(own.formatDate(at, 'nl'), `nl ${at.getTime()}`);
  });
});

describe('account pages, restyled and overridden by the host', () => {
  it('serves the account styles with twofold\'s, and lets a host replace one view', async () => {
    const host = await startHost({
      twofold: {
        views: {
          accountProfile: (model) => html`<div class="host-profile">${model.enabled ? 'on' : 'off'}</div>${accountProfileView(model)}`,
        },
      },
    });
    try {
      const css = await host.browser().get('/account/twofold.css');
      assert.match(css.text, /\.tf-account-device \{/);
      assert.match(css.text, /\.tf-card \{/);
      const b = await signIn(host, 'carol');
      const profile = await b.get('/account/profile');
      assert.match(profile.text, /<div class="host-profile">off<\/div><h1>Two-factor authentication<\/h1>/);
      const setup = await b.get('/account/setup');
      assert.match(setup.text, /Set up two-factor authentication/, 'the other views are the defaults');
      assert.ok(csrfOf(setup).length > 0);
    } finally {
      await host.close();
    }
  });
});

describe('account views without backup codes', () => {
  const t = createTranslator();
  const base: AccountPageBase = {
    t: (id, params) => t.text(id, params),
    csrfToken: 'token',
    csrfField: '_csrf',
    next: null,
    redirectField: 'next',
    urls: accountUrls('/account'),
    errors: [],
    notices: [],
  };

  /** A profile with two-factor authentication on, no device listed and no backup codes; `extra` sets the rest. */
  const profileOf = (extra: Partial<AccountProfileModel>) =>
    accountProfileView({
      ...base,
      page: 'account-profile',
      username: 'u',
      enabled: true,
      primary: null,
      devices: [],
      backupCodesRemaining: null,
      backupCodesAvailable: false,
      rememberedBrowsers: null,
      canAddDevice: false,
      backupPhones: null,
      canAddPhone: false,
      ...extra,
    });

  it('offers no backup codes when the kind is not registered', () => {
    const done = accountSetupDoneView({ ...base, page: 'account-setup-done', deviceName: 'Phone', primaryName: null, backupCodesRemaining: null, backupCodesAvailable: false });
    assert.doesNotMatch(done.html, /backup-codes/);
    assert.match(done.html, /href="\/account\/profile">Continue</);
    const offered = accountSetupDoneView({ ...base, page: 'account-setup-done', deviceName: 'Phone', primaryName: null, backupCodesRemaining: null, backupCodesAvailable: true });
    assert.match(offered.html, /action="\/account\/backup-codes"/);
    const profile = profileOf({ canAddDevice: false, backupPhones: null, canAddPhone: false });
    assert.doesNotMatch(profile.html, /Backup codes|backup-codes|Remembered browsers|Add another device|phone number/);
  });

  it('words the list of backup destinations as the listed kind declares, and in general words without', () => {
    const profile = (extra: Partial<AccountProfileModel>) => profileOf({ canAddDevice: true, backupPhones: [], canAddPhone: true, ...extra }).html;
    const general = profile({});
    assert.match(general, /<h2>Backup destinations<\/h2>\n<p>You have no backup destination for codes\.<\/p>/);
    assert.doesNotMatch(general, />[^<]*phone[^<]*</i, 'no phone wording for a kind that is not a phone');
    const declared = profile({ backupListTexts: { heading: 'Backup pagers', intro: 'Pagers that get codes.', none: 'You have no backup pager.', add: 'Add a backup pager' } });
    assert.match(declared, /<h2>Backup pagers<\/h2>\n<p>You have no backup pager\.<\/p>/);
    assert.match(declared, />Add a backup pager<\/a>/);
  });
});
