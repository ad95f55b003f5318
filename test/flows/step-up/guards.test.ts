/**
 * The step-up guards' setup: every factory refuses, when the guard is
 * built, a requirement the step-up page was not given, and the options
 * refuse duplicate names and hand-made requirements with mistakes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, isTwofoldError, type Twofold } from '../../../src/index.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { createTwofoldExpress, twofoldExpress } from '../../../src/express/index.js';
import { createTwofoldHono, twofoldHono } from '../../../src/hono/index.js';
import { defineRequirement, type Requirement } from '../../../src/web/step-up/index.js';
import { returnPath } from '../../../src/flows/step-up/guard.js';
import { describeDuration } from '../../../src/flows/step-up/describe.js';
import { createTranslator } from '../../../src/assembly/messages.js';
import { TEST_SECRET } from '../../express/support.js';

const quiet = { warn() {}, error() {} };
const RECENT = defineRequirement('recent', { factor: 'second-factor', within: 300 });
const DAILY = defineRequirement('daily', { factor: 'second-factor', within: 12 * 3600 });

function core(): Twofold {
  return createTwofold({ store: createMemoryStore(), kinds: [totp()], secrets: [TEST_SECRET], logger: quiet });
}

function configError(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && pattern.test(error.message));
}

const session = () => ({ get: () => undefined, set() {}, delete() {}, regenerate: () => Promise.resolve() });

describe('step-up guards at setup', () => {
  const factories: readonly [string, (requirements: readonly Requirement[]) => { requireFactors(r: Requirement): unknown; requireFactorsApi(r: Requirement): unknown }][] = [
    ['twofoldExpress', (requirements) => twofoldExpress(core(), { requirements })],
    ['createTwofoldExpress', (requirements) => createTwofoldExpress({ twofold: core(), requirements })],
    ['twofoldHono', (requirements) => twofoldHono(core(), { requirements, session, getUser: () => null })],
    ['createTwofoldHono', (requirements) => createTwofoldHono({ twofold: core(), requirements, session, getUser: () => null })],
  ];
  for (const [name, make] of factories) {
    it(`${name}: builds guards for registered requirements and throws INVALID_CONFIG for others`, () => {
      const otp = make([RECENT]);
      assert.equal(typeof otp.requireFactors(RECENT), 'function');
      assert.equal(typeof otp.requireFactorsApi(RECENT), 'function');
      configError(() => otp.requireFactors(DAILY), /requirement "daily" is not registered.*registered: recent/);
      configError(() => otp.requireFactorsApi(DAILY), /"daily" is not registered/);
      // Same name, other rules: not what the page would ask for.
      configError(() => otp.requireFactors(defineRequirement('recent', { factor: 'second-factor', within: 60 })), /not registered/);
      configError(() => make([]).requireFactors(RECENT), /registered: none/);
    });
  }

  it('refuses duplicate names, hand-made mistakes and an unsafe stepUpUrl', () => {
    configError(() => twofoldExpress(core(), { requirements: [RECENT, defineRequirement('recent', { factor: 'password' })] }), /"recent" is given twice/);
    configError(() => twofoldExpress(core(), { requirements: [{ name: 'bad', spec: { factor: 'second-factor', within: -1 } }] }), /requirement "bad": spec.within/);
    configError(() => twofoldExpress(core(), { requirements: [null as unknown as Requirement] }), /requirements\[0\]/);
    configError(() => createTwofoldExpress({ twofold: core(), requirements: [RECENT], stepUpUrl: '//evil.example' }), /stepUpUrl/);
  });

  it('puts the step-up page next to the login page, or where stepUpUrl says', () => {
    assert.equal(twofoldExpress(core()).config.stepUp.url, '/account/step-up');
    assert.equal(createTwofoldExpress({ twofold: core() }).config.stepUp.url, '/step-up');
    const elsewhere = createTwofoldExpress({ twofold: core(), loginUrl: '/sign-in', requirements: [RECENT] });
    assert.equal(elsewhere.config.stepUp.url, null);
    configError(() => elsewhere.requireFactors(RECENT), /needs stepUpUrl/);
    assert.equal(typeof elsewhere.requireFactorsApi(RECENT), 'function', 'the JSON guard needs no page');
    assert.equal(createTwofoldExpress({ twofold: core(), loginUrl: '/sign-in', stepUpUrl: '/2fa/step-up' }).config.stepUp.url, '/2fa/step-up');
  });

  it('returns a refused form to its page only when the Referer is of this site', () => {
    const request = (method: string, referer: string | null) => ({ method, url: new URL('https://app.example/transfer?x=1'), referer, userAgent: null, clientAddress: null });
    assert.equal(returnPath(request('GET', 'https://evil.example/'), '/'), '/transfer?x=1');
    assert.equal(returnPath(request('POST', 'https://app.example/form?a=b'), '/'), '/form?a=b');
    assert.equal(returnPath(request('POST', 'http://app.example/form'), '/'), '/', 'another scheme is another origin');
    assert.equal(returnPath(request('POST', 'https://app.example.evil.example/form'), '/'), '/');
    assert.equal(returnPath(request('POST', 'not a url'), '/home'), '/home');
    assert.equal(returnPath(request('POST', null), '/home'), '/home');
  });

  it('says how recent a factor must be in whole hours, else in minutes rounded up', () => {
    const t = createTranslator();
    assert.deepEqual([60, 90, 300, 3600, 5400, 12 * 3600].map((seconds) => describeDuration(t, seconds)), ['1 minute', '2 minutes', '5 minutes', '1 hour', '90 minutes', '12 hours']);
  });
});
