/**
 * The demo's codes by text message, voice call and e-mail over HTTP: the
 * development gateway behind them, the outbox page (`/outbox`) that shows
 * what it "sent" — open without signing in, newest first, every value
 * escaped, the e-mail's text part only — the notes that point to it, and a
 * demo in production mode that has neither the gateway nor the page.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoApp, type DemoApp } from '../../examples/demo/app.js';
import { manualClock, type ManualClock } from '../../src/core/clock.js';
import type { DevelopmentGateway } from '../../src/gateways/development/index.js';
import { browser, csrfOf, inputValue, type Browser, type Page } from '../express/support.js';

const quiet = { warn: () => undefined, error: (message: string) => console.error(message) };
const START = Date.UTC(2026, 2, 1, 9, 0, 0);

interface Running {
  readonly demo: DemoApp;
  readonly gateway: DevelopmentGateway;
  readonly url: string;
  readonly clock: ManualClock;
  readonly dataDir: string;
  /** What the development gateway wrote through the demo's logger. */
  readonly logged: string[];
}

const directories: string[] = [];
const running: DemoApp[] = [];

after(async () => {
  for (const demo of running) await demo.close();
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

async function start(env: NodeJS.ProcessEnv = {}): Promise<Omit<Running, 'gateway'> & { readonly gateway: DevelopmentGateway | null }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'twofold-demo-outbox-'));
  directories.push(dataDir);
  const clock = manualClock(START);
  const logged: string[] = [];
  const demo = await createDemoApp({ dataDir, clock: clock.now, env, logger: { ...quiet, info: (line) => logged.push(line) } });
  running.push(demo);
  return { demo, gateway: demo.developmentGateway, url: await demo.listen(0), clock, dataDir, logged };
}

function passwordOf(demo: DemoApp, username: string): string {
  const seed = demo.seedUsers.find((candidate) => candidate.username === username);
  assert.ok(seed !== undefined, `the demo seeds ${username}`);
  return seed.password;
}

/** The password step; answers the redirect the wizard gives. */
async function passwordStep(client: Browser, demo: DemoApp, username: string): Promise<Page> {
  const form = await client.get('/login');
  return client.post('/login', { _csrf: csrfOf(form), username, password: passwordOf(demo, username) });
}

async function signOut(client: Browser): Promise<void> {
  const page = await client.get('/logout');
  assert.equal((await client.post('/logout', { _csrf: csrfOf(page) })).status, 303);
}

/** The destination step of the setup wizard, then "Send the code". */
async function sendFirstCode(client: Browser, method: 'sms' | 'call' | 'email', destination: string): Promise<Page> {
  const form = await client.get(`/setup?method=${method}`);
  assert.equal(form.status, 200);
  return client.post('/setup', { _csrf: csrfOf(form), action: 'send', method, [method === 'email' ? 'address' : 'number']: destination });
}

async function confirmCode(client: Browser, code: string): Promise<Page> {
  const form = await client.get('/setup');
  // The name field comes pre-filled ("Phone ending in 23"), as a browser would post it.
  return client.post('/setup', { _csrf: csrfOf(form), action: 'confirm', token: code, name: inputValue(form.text, 'name') });
}

/** The six-digit code in a message body, as a person reads it. */
function codeIn(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  assert.ok(match !== null, `a six-digit code in ${JSON.stringify(text)}`);
  return match[1]!;
}

/** The headings of the outbox's messages, in page order. */
function headingsOf(html: string): string[] {
  return [...html.matchAll(/<li class="demo-message">\n<h2>([^<]*)<span class="demo-destination">([^<]*)<\/span><\/h2>/g)].map((m) => `${m[1]!}${m[2]!}`);
}

/** The bodies of the outbox's messages, in page order. */
function bodiesOf(html: string): string[] {
  return [...html.matchAll(/<pre class="demo-message-body">([^<]*)<\/pre>/g)].map((m) => m[1]!);
}

describe('the demo outbox (development gateway)', () => {
  let r: Running | null = null;

  before(async () => {
    const started = await start();
    assert.ok(started.gateway !== null, 'outside production the demo has a development gateway');
    r = { ...started, gateway: started.gateway };
  });

  function demo(): Running {
    assert.ok(r !== null, 'the demo did not start');
    return r;
  }

  it('is open without signing in, never cached, marked as development only, and linked from the home page', async () => {
    const anonymous = browser(demo().url);
    const page = await anonymous.get('/outbox');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(page.text, /<div class="demo-dev-banner" role="note">\n<p><strong>Development only\.<\/strong> Nothing here was sent\. /);
    assert.match(page.text, /No messages yet\./);
    assert.deepEqual(headingsOf(page.text), []);
    assert.match((await anonymous.get('/')).text, /<a href="\/outbox">Outbox \(development only\)/);
  });

  it('shows the codes of a text-message setup and of the sign-in after it, newest first, with the full number', async () => {
    const { demo: app, gateway, clock } = demo();
    const client = browser(demo().url);
    assert.equal((await passwordStep(client, app, 'bob')).location, '/', 'bob has no second factor yet');

    const form = await client.get('/setup?method=sms');
    assert.match(form.text, /value="sms"[^>]* checked/, 'text message is chosen');
    assert.match(form.text, /value="call"/, 'the development gateway can call too');
    const sent = await sendFirstCode(client, 'sms', '201-555-0123');
    assert.equal(sent.status, 303, 'a US number without +1 is accepted (defaultRegion US)');
    const codePage = await client.get('/setup');
    assert.match(codePage.text, /<a href="\/outbox" target="_blank" rel="noopener">outbox page<\/a>/, 'the code step points to the outbox');

    const outbox = await browser(demo().url).get('/outbox');
    assert.deepEqual(headingsOf(outbox.text), ['Text message to +1 201 555 0123']);
    const [body] = bodiesOf(outbox.text);
    assert.ok(body !== undefined);
    assert.equal(body, gateway.latest('+12015550123')?.text, 'the body as sent');
    assert.match(outbox.text, /<time datetime="2026-03-01T09:00:00.000Z">2026-03-01 09:00:00 UTC<\/time> · for the user bob · expires at 2026-03-01 09:05:00 UTC/);
    assert.equal((await confirmCode(client, codeIn(body))).status, 303);

    await signOut(client);
    clock.advance(61);
    // The POST that accepts the password sends the code and answers with the token step.
    const step = await passwordStep(client, app, 'bob');
    assert.equal(step.status, 200);
    assert.match(step.text, /We sent a text message with a code to \+1 ••• ••• ••23\./);
    assert.match(step.text, /<a href="\/outbox" target="_blank" rel="noopener">outbox page<\/a>/, 'the token step points to the outbox');

    const after = await browser(demo().url).get('/outbox');
    assert.deepEqual(headingsOf(after.text), ['Text message to +1 201 555 0123', 'Text message to +1 201 555 0123']);
    assert.match(after.text, /2 messages, newest first/);
    const [newest, oldest] = bodiesOf(after.text);
    assert.equal(oldest, body);
    assert.notEqual(codeIn(newest!), codeIn(body), 'a new code for the sign-in');
    const times = [...after.text.matchAll(/<time datetime="([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(times, ['2026-03-01T09:01:01.000Z', '2026-03-01T09:00:00.000Z']);
    const expiries = [...after.text.matchAll(/ · (expires at [^<]*)<\/p>/g)].map((m) => m[1]);
    assert.deepEqual(expiries, ['expires at 2026-03-01 09:06:01 UTC', 'expires at 2026-03-01 09:05:00 UTC'], 'codes last five minutes');

    const signedIn = await client.post('/login', { _csrf: csrfOf(step), action: 'verify', device: inputValue(step.text, 'device'), token: codeIn(newest!) });
    assert.equal(signedIn.status, 303);
    assert.match((await client.get('/')).text, /<span class="demo-ok">Verified<\/span> with the device “Phone ending in 23” \(phone\)/);
  });

  it('pre-fills the user\'s own address for e-mail, and shows the e-mail\'s subject, sender and text part', async () => {
    const { demo: app, clock } = demo();
    const client = browser(demo().url);
    assert.equal((await passwordStep(client, app, 'alice')).location, '/');
    const form = await client.get('/setup?method=email');
    assert.equal(inputValue(form.text, 'address'), 'alice@example.com', 'account.userEmail gives the address');
    clock.advance(5);
    assert.equal((await client.post('/setup', { _csrf: csrfOf(form), action: 'send', method: 'email', address: 'alice@example.com' })).status, 303);

    const outbox = await browser(demo().url).get('/outbox');
    assert.equal(headingsOf(outbox.text)[0], 'E-mail to alice@example.com', 'the newest message comes first');
    assert.match(outbox.text, /Subject: Your verification code · From: twofold demo &lt;no-reply@example\.com&gt;/);
    assert.match(outbox.text, /The e-mail’s text part:/);
    assert.match(outbox.text, /It also has an HTML part, not shown here\./);
    assert.doesNotMatch(outbox.text, /font-family:monospace/, 'the HTML part is not on the page');
    const body = bodiesOf(outbox.text)[0]!;
    assert.match(body, /^Your verification code is \d{6}\./);
    assert.equal((await confirmCode(client, codeIn(body))).status, 303);
  });

  it('escapes every value of a message, and reads a voice call out as text', async () => {
    const { gateway, clock } = demo();
    const context = { userId: 'bob<i>', deviceId: 'x', language: null, expiresAt: new Date(clock.now() + 300_000) };
    clock.advance(1);
    await gateway.makeCall('+12015550123', '012345', context);
    clock.advance(1);
    await gateway.send(
      {
        to: 'mallory@example.com',
        from: '"Evil" <evil@example.com>',
        subject: '<script>alert(1)</script>',
        text: '<img src=x onerror=alert(2)> & "quotes" \'apostrophes\'',
        html: '<b>bold</b><script>alert(3)</script>',
      },
      context,
    );
    const page = await browser(demo().url).get('/outbox');
    assert.doesNotMatch(page.text, /<script|<img|<b>|<i>/, 'no markup from a message reaches the page');
    assert.match(page.text, /Subject: &lt;script&gt;alert\(1\)&lt;\/script&gt; · From: &quot;Evil&quot; &lt;evil@example\.com&gt;/);
    assert.match(page.text, /<pre class="demo-message-body">&lt;img src=x onerror=alert\(2\)&gt; &amp; &quot;quotes&quot; &#39;apostrophes&#39;<\/pre>/);
    assert.match(page.text, /for the user bob&lt;i&gt;/);
    const headings = headingsOf(page.text);
    assert.deepEqual(headings.slice(0, 2), ['E-mail to mallory@example.com', 'Voice call to +1 201 555 0123']);
    assert.match(page.text, /What the voice would read:<\/p>\n<pre class="demo-message-body">Your verification code is: 0 1 2 3 4 5\. Once again: 0 1 2 3 4 5\.<\/pre>/);
  });

  it('marks the codes that no longer work', async () => {
    const { clock } = demo();
    clock.advance(600);
    const page = await browser(demo().url).get('/outbox');
    assert.doesNotMatch(page.text, /expires at/);
    assert.match(page.text, /<span class="demo-expired">expired<\/span> at /);
  });

  it('writes each message to the demo\'s log through the development gateway, marked as never for production', () => {
    const { logged } = demo();
    assert.ok(logged.length >= 4, `${String(logged.length)} lines logged`);
    for (const line of logged) assert.match(line, /^\[twofold development gateway: never use in production\] (text message|voice call|e-mail) to /);
  });
});

describe('the demo in production mode', () => {
  it('has no development gateway: no outbox, no link to it, and no codes by text message or e-mail in the setup wizard', async () => {
    const { demo, url, logged } = await start({ NODE_ENV: 'production' });
    assert.equal(demo.developmentGateway, null);
    const anonymous = browser(url);
    const outbox = await anonymous.get('/outbox');
    assert.equal(outbox.status, 404);
    assert.doesNotMatch((await anonymous.get('/')).text, /outbox/i);

    assert.equal((await passwordStep(anonymous, demo, 'bob')).location, '/');
    const welcome = await anonymous.get('/setup');
    assert.equal(welcome.status, 200);
    assert.doesNotMatch(welcome.text, /value="(sms|call|email)"/);
    assert.equal((await anonymous.get('/setup?method=sms')).text.includes('id="tf-number"'), false, 'no phone number step');
    assert.doesNotMatch((await anonymous.get('/profile')).text, /outbox/i);
    assert.deepEqual(logged, []);
  });
});
