/**
 * `GET /account/api/assurance` against the Express and the Hono host: the
 * level, the factors, and for every registered requirement (the host's, the
 * account's and the admin's) whether it is met and until when each factor
 * counts, at exact instants of the manual clock.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, browser, csrfOf, totpCode, type Browser } from '../express/support.js';
import type { AssuranceResponse } from '../../src/flows/step-up/index.js';
import { EXPRESS, HONO, member, type ConformanceHost, type Framework } from './hosts.js';

const FRAMEWORKS: readonly Framework[] = [EXPRESS, HONO];
const SEED = 41;

for (const framework of FRAMEWORKS) {
  describe(`the assurance endpoint: ${framework.name}`, () => {
    let host: ConformanceHost;
    before(async () => {
      host = await framework.start();
      await addTotp(host.twofold, member('alice').id, 'Alice phone', SEED);
    });
    after(() => host.close());

    async function signIn(): Promise<{ readonly b: Browser; readonly at: number }> {
      host.clock.advance(30);
      const alice = member('alice');
      const b = browser(host.url);
      const login = await b.get('/account/login');
      const step = await b.post('/account/login', { _csrf: csrfOf(login), username: alice.username, password: alice.password });
      const at = host.clock.now();
      assert.equal((await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, SEED) })).status, 303);
      return { b, at };
    }

    async function assurance(b: Browser, query = ''): Promise<AssuranceResponse> {
      const answer = await b.get(`/account/api/assurance${query}`);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      return JSON.parse(answer.text) as AssuranceResponse;
    }

    it('answers 401 to nobody, and 404 for a requirement it does not serve', async () => {
      const anonymous = await browser(host.url).get('/account/api/assurance');
      assert.equal(anonymous.status, 401);
      assert.deepEqual(JSON.parse(anonymous.text), { error: 'login_required' });
      const { b } = await signIn();
      const unknown = await b.get('/account/api/assurance?requirement=nope');
      assert.equal(unknown.status, 404);
      assert.deepEqual(JSON.parse(unknown.text), { error: 'unknown_requirement', requirement: 'nope' });
    });

    it('gives the level, the factors and each requirement with when its factors stop counting', async () => {
      const { b, at } = await signIn();
      const iso = (ms: number): string => new Date(ms).toISOString();
      const first = await assurance(b);
      assert.equal(first.aal, 2);
      assert.equal(first.now, iso(at));
      assert.deepEqual(first.factors.map((factor) => factor.type), ['password', 'second-factor']);
      const code = first.factors[1]!;
      assert.equal(code.type === 'second-factor' && code.authenticator, 'single-factor-otp');
      assert.deepEqual(
        first.requirements.map((requirement) => requirement.name),
        ['daily', 'recent', 'key-only', 'password-and-code', 'admin', 'account-disable'],
        "the host's requirements (the one-call factory adds the admin's), then the account's",
      );
      const byName = new Map(first.requirements.map((requirement) => [requirement.name, requirement]));
      assert.deepEqual(byName.get('recent'), { name: 'recent', satisfied: true, expiresAt: iso(at + 300_000), missing: [], factors: [{ index: 1, expiresAt: iso(at + 300_000) }] });
      assert.deepEqual(byName.get('password-and-code')?.factors, [{ index: 0, expiresAt: iso(at + 900_000) }, { index: 1, expiresAt: null }]);
      assert.deepEqual(byName.get('key-only'), {
        name: 'key-only',
        satisfied: false,
        expiresAt: null,
        missing: [[{ factor: 'second-factor', within: 300, phishingResistant: true }]],
        factors: [],
      });

      host.clock.advance(300);
      const later = await assurance(b, '?requirement=recent&requirement=daily');
      assert.deepEqual(later.requirements.map((requirement) => [requirement.name, requirement.satisfied]), [['recent', false], ['daily', true]], 'exactly 300 s later the code is no longer recent');
      assert.deepEqual(later.requirements[0]!.factors, []);
    });
  });
}
