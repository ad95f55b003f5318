/**
 * Black-box check (issue 9): malformed input to every POST route of the
 * assembled app (the demo: twofold's Express routes, the admin, the host's
 * own) never makes a server error, and a request without a valid CSRF token
 * changes no device. Property-based with fast-check, seeded from the run's
 * seed (TWOFOLD_TEST_SEED replays a failure), a fixed number of runs per
 * route, each route bounded in time.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { createDemoApp, type DemoApp } from '../../examples/demo/app.js';
import { browser, csrfOf, type Browser } from '../express/support.js';
import { allPostRoutes } from './support/routes.js';
import { seeded } from '../support/random.js';

/** Requests per route and per route's time budget (fewer runs when the machine is slow, never more time). */
const RUNS_PER_ROUTE = 30;
const TIME_PER_ROUTE_MS = 2_000;
const TIMEOUT = { timeout: 240_000 };
const quiet = { warn: () => undefined, error: () => undefined };

type SessionName = 'anonymous' | 'alice' | 'admin';

interface Fuzzed {
  readonly session: SessionName;
  readonly csrf: 'valid' | 'missing' | 'wrong';
  readonly encoding: 'form' | 'json' | 'json-garbage' | 'multipart' | 'text' | 'none' | 'odd-type';
  readonly fields: readonly (readonly [string, string])[];
  readonly raw: string;
  readonly contentType: string;
  readonly crossSite: boolean;
}

const FIELD_NAMES = ['_csrf', 'token', 'username', 'password', 'next', 'name', 'persistentId', 'device', 'method', 'number', 'address', 'remember', 'action', 'code', 'current', 'new', 'confirm', 'id', 'userId', 'kind', 'cancel', 'language', '__proto__', 'constructor'];
const NASTY = ['', '0', '000000', '123456', '-1', '1e309', 'NaN', 'x'.repeat(70_000), '%00', '\u0000', '\uD800', '../../etc/passwd', '<script>alert(1)</script>', 'null', '[]', '{}', 'https://evil.example/', '//evil.example', 'totp/AAAAAAAAAAAAAAAAAAAAAA', '١٢٣٤٥٦', '１２３４５６'];

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 12 }));
const fieldName = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: text });
const fieldValue = fc.oneof({ weight: 2, arbitrary: text }, { weight: 2, arbitrary: fc.constantFrom(...NASTY) }, { weight: 1, arbitrary: fc.nat().map(String) });

const fuzzed: fc.Arbitrary<Fuzzed> = fc.record({
  session: fc.constantFrom<SessionName>('anonymous', 'alice', 'admin'),
  csrf: fc.constantFrom<Fuzzed['csrf']>('valid', 'missing', 'wrong'),
  encoding: fc.constantFrom<Fuzzed['encoding']>('form', 'json', 'json-garbage', 'multipart', 'text', 'none', 'odd-type'),
  // Pairs, so a field may come twice.
  fields: fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 8 }),
  raw: fc.oneof(text, fc.constantFrom('{', '{"a":', '[1,2', '"\\u12"', 'a=1&a=2&a[b]=3', '\u0000\u0001\u0002', '{"__proto__":{"admin":true}}', 'x'.repeat(200_000))),
  contentType: fc.constantFrom('application/json; charset=utf-16', 'application/x-www-form-urlencoded; charset=latin1', 'text/xml', 'application/octet-stream', 'multipart/form-data', 'application/json;;;', '*/*', 'ü/ü'),
  crossSite: fc.boolean(),
});

/** The request a fuzzed case turns into: body, content type, and extra headers. */
function encode(input: Fuzzed, token: string): { body: string; contentType: string; headers: Record<string, string> } {
  const csrfValue = input.csrf === 'valid' ? token : input.csrf === 'wrong' ? `${token.slice(0, -2)}xx` : undefined;
  const fields = csrfValue === undefined ? [...input.fields] : [['_csrf', csrfValue] as const, ...input.fields];
  const headers: Record<string, string> = {};
  if (csrfValue !== undefined) headers['x-csrf-token'] = csrfValue;
  if (input.crossSite) {
    headers.origin = 'https://evil.example';
    headers['sec-fetch-site'] = 'cross-site';
  }
  switch (input.encoding) {
    case 'form':
      return { body: new URLSearchParams(fields.map(([k, v]): [string, string] => [k, v])).toString(), contentType: 'application/x-www-form-urlencoded', headers };
    case 'json':
      return { body: JSON.stringify(Object.fromEntries(fields)), contentType: 'application/json', headers };
    case 'json-garbage':
      return { body: input.raw, contentType: 'application/json', headers };
    case 'multipart': {
      const boundary = 'fuzzboundary';
      const parts = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('');
      return { body: `${parts}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}`, headers };
    }
    case 'text':
      return { body: input.raw, contentType: 'text/plain', headers };
    case 'none':
      return { body: '', contentType: '', headers };
    case 'odd-type':
      return { body: new URLSearchParams(fields.map(([k, v]): [string, string] => [k, v])).toString(), contentType: input.contentType, headers };
  }
}

describe('malformed input to every POST route of the demo app', () => {
  let dataDir = '';
  let demo: DemoApp | undefined;
  let url = '';
  const sessions = new Map<SessionName, { client: Browser; token: string }>();

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'twofold-fuzz-'));
    demo = await createDemoApp({ dataDir, env: {}, logger: quiet });
    url = await demo.listen(0);
    const anonymous = browser(url);
    sessions.set('anonymous', { client: anonymous, token: csrfOf(await anonymous.get('/login')) });
    const alice = browser(url);
    await alice.post('/login', { _csrf: csrfOf(await alice.get('/login')), username: 'alice', password: 'alice-demo-password' });
    sessions.set('alice', { client: alice, token: csrfOf(await alice.get('/setup')) });
    const admin = browser(url);
    await admin.post('/login', { _csrf: csrfOf(await admin.get('/login')), username: 'admin', password: 'admin-demo-password' });
    const signedIn = await admin.post('/login/backup', { _csrf: csrfOf(await admin.get('/login/backup')), token: demo.adminBackupCodes[0] ?? '' });
    assert.equal(signedIn.via?.status ?? signedIn.status, 303, 'the staff user signs in');
    sessions.set('admin', { client: admin, token: csrfOf(await admin.get('/admin/')) });
  }, TIMEOUT);

  after(async () => {
    await demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, TIMEOUT);

  /** Every device of every seeded user, as far as a refused request must leave it. */
  async function devicesSnapshot(): Promise<string> {
    const app = demo;
    if (app === undefined) throw new Error('no demo');
    const all = await Promise.all(app.seedUsers.map((user) => app.twofold.listDevices(user.username, { confirmed: false })));
    return JSON.stringify(all.flat().map((d) => [d.persistentId, d.name, d.confirmed, d.failureCount, JSON.stringify(d.state)]));
  }

  it('finds the routes to fuzz in the app (twofold, admin, host), at least the ones the docs name', TIMEOUT, () => {
    const routes = allPostRoutes((demo as DemoApp).app, '/admin');
    for (const known of ['/login', '/verify', '/login/backup', '/setup', '/disable', '/api/login', '/api/login/verify', '/password', '/admin/devices']) {
      assert.ok(routes.includes(known), `${known} in ${routes.join(' ')}`);
    }
  });

  it('answers every fuzzed POST to every route without a server error, and changes nothing without a valid CSRF token', TIMEOUT, seeded(async (random, t) => {
    const app = demo as DemoApp;
    const adminDevice = (await app.twofold.listDevices('admin'))[0]?.persistentId ?? 'backup-codes/AAAAAAAAAAAAAAAAAAAAAA';
    const routes = allPostRoutes(app.app, '/admin').map((path) => path.replace('{device}', adminDevice));
    const figures: string[] = [];
    for (const route of routes) {
      let runs = 0;
      const seed = random.int(2 ** 31 - 1);
      await fc.assert(
        fc.asyncProperty(fuzzed, async (input) => {
          runs++;
          const session = sessions.get(input.session);
          if (session === undefined) throw new Error(`no session ${input.session}`);
          const { body, contentType, headers } = encode(input, session.token);
          const refused = input.csrf !== 'valid' && input.session !== 'anonymous';
          const before = refused ? await devicesSnapshot() : '';
          const page = await session.client.raw(route, body, contentType, headers);
          assert.ok(page.status < 500, `POST ${route} answered ${page.status}: ${page.text.slice(0, 300)}`);
          if (refused) assert.equal(await devicesSnapshot(), before, `POST ${route} without a valid CSRF token changed a device`);
        }),
        { seed, numRuns: RUNS_PER_ROUTE, interruptAfterTimeLimit: TIME_PER_ROUTE_MS, markInterruptAsFailure: false, endOnFailure: true },
      );
      figures.push(`${route}:${runs}`);
    }
    // Still serving after all that.
    assert.equal((await browser(url).get('/login')).status, 200);
    t.diagnostic(`${routes.length} routes, runs per route: ${figures.join(' ')}`);
  }));
});
