/**
 * Setting up codes by text message, voice call and e-mail on the account
 * pages, with the development gateway standing in for the phone network and
 * the mailbox: a test reads the code from the outbox as a person would read
 * it on their phone. Times are exact, on the manual clock.
 */
import { ACCOUNT_DATE_FORMAT } from '../../../src/flows/account/options.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTotp, csrfOf, inputValue, totpCode, user, type Browser } from '../../express/support.js';
import { primaryDevice } from '../../../src/flows/shared/primary.js';
import { accountErrors, accountNotices, reauthenticate } from './support.js';
import { codeIn, emailOf, lastMessage, sentText, signInAt, startByCode, startCodeHost, type CodeHost } from './code-support.js';

const alice = user('alice');
const bob = user('bob');
const carol = user('carol');

/** The device of the setup in progress: the user's only unconfirmed one. */
async function pending(host: CodeHost, userId: string) {
  const devices = await host.twofold.listDevices(userId, { confirmed: false });
  assert.equal(devices.length, 1, 'one unconfirmed device');
  return devices[0]!;
}

async function confirm(b: Browser, token: string, name?: string, headers: Readonly<Record<string, string>> = {}) {
  const page = await b.get('/account/setup', headers);
  return b.post('/account/setup', { _csrf: csrfOf(page), action: 'confirm', token, name: name ?? inputValue(page.text, 'name') }, headers);
}

/** "Send a new code": a new code answers with a redirect to the code step (Post/Redirect/Get), followed here like a browser would. */
async function resend(b: Browser) {
  const page = await b.get('/account/setup');
  const answer = await b.post('/account/setup', { _csrf: csrfOf(page), action: 'resend', name: inputValue(page.text, 'name') });
  if (answer.status !== 303) return answer;
  assert.equal(answer.location, '/account/setup');
  return b.get(answer.location);
}

describe('setup by text message, voice call and e-mail', () => {
  let host: CodeHost;
  before(async () => {
    // Generous budgets: these tests send many codes to few users (the budgets have tests of their own below).
    host = await startCodeHost({ phone: { allowedRegions: ['NL', 'BE'], budgets: [{ scope: 'user', limit: 100, windowSeconds: 3600 }] } });
  });
  after(async () => {
    await host.close();
  });

  it('offers the phone kind’s methods and e-mail next to the app, each with its own explanation', async () => {
    const b = await signInAt(host, carol);
    const welcome = await b.get('/account/setup');
    const offered = [...welcome.text.matchAll(/type="radio" name="method" id="tf-method-\d" value="([a-z]+)"/g)].map((m) => m[1]);
    assert.deepEqual(offered, ['totp', 'sms', 'call', 'email']);
    for (const label of ['Authenticator app', 'Text message', 'Voice call', 'E-mail']) assert.match(welcome.text, new RegExp(`<strong>${label}</strong>`));
    assert.match(welcome.text, /We call your phone and a voice reads the code out to you/);
  });

  it('warns on the number step that a phone number can be taken over, for text messages and calls but not e-mail, translated', async () => {
    const b = await signInAt(host, carol);
    const welcome = await b.get('/account/setup');
    assert.match(welcome.text, /id="tf-method-0" value="totp" checked/, 'the app comes first, and is the preselected choice');
    const risk = /<div class="tf-alert tf-alert-notice tf-account-risk"><p>([^<]*)<\/p><\/div>/;
    for (const method of ['sms', 'call'] as const) {
      const form = await b.get(`/account/setup?method=${method}`);
      assert.equal(form.status, 200);
      assert.match(risk.exec(form.text)?.[1] ?? '', /someone who gets your provider to move it to their SIM card or to another provider receives your codes too\. An authenticator app is safer/);
      assert.ok(form.text.indexOf('tf-account-risk') < form.text.indexOf('name="number"'), 'said before the number is typed');
    }
    assert.doesNotMatch((await b.get('/account/setup?method=email')).text, /tf-account-risk/);
    const dutch = await b.get('/account/setup?method=sms', { 'accept-language': 'nl' });
    assert.match(risk.exec(dutch.text)?.[1] ?? '', /^Codes naar een telefoonnummer zijn maar zo veilig als dat nummer/);
  });

  it('sets up codes by text message: the number is checked, a code is sent, and the code turns it on', async () => {
    const b = await signInAt(host, carol);
    const welcome = await b.get('/account/setup');
    const chosen = await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'sms' });
    assert.equal(chosen.status, 303);
    assert.equal(chosen.location, '/account/setup?method=sms');
    assert.deepEqual(await host.twofold.listDevices(carol.id), [], 'nothing is created before a number is given');
    const form = await b.get('/account/setup?method=sms');
    assert.match(form.text, /<input id="tf-number" name="number" type="tel" autocomplete="tel" inputmode="tel"/);
    assert.match(form.text, /<label for="tf-method-0"><strong>Text message<\/strong>/, 'the channel can still be changed on the number step');
    assert.match(form.text, /id="tf-method-0" value="sms" checked/);

    const sent = await b.post('/account/setup', { _csrf: csrfOf(form), action: 'send', method: 'sms', number: '06 1234 5678' });
    assert.equal(sent.status, 303, sent.text);
    assert.equal(sent.location, '/account/setup');
    const device = await pending(host, carol.id);
    assert.equal(device.kind, 'phone');
    assert.equal(device.state.number, '+31612345678');
    assert.equal(device.state.method, 'sms');
    assert.equal(device.name, 'Phone ending in 78');
    const message = lastMessage(host);
    assert.equal(message.channel, 'sms');
    assert.equal(message.to, '+31612345678');
    assert.equal(message.language, 'en');

    const codePage = await b.get('/account/setup');
    assert.equal(codePage.status, 200);
    assert.equal(codePage.headers.get('cache-control'), 'no-store');
    assert.equal(sentText(codePage), 'We sent a text message with a code to +31 • ••••••78.');
    assert.doesNotMatch(codePage.text, /12345678|1234 5678/, 'the number is masked');
    assert.match(codePage.text, /autocomplete="one-time-code" inputmode="numeric"/);
    assert.match(codePage.text, /value="Phone ending in 78"/);
    assert.match(codePage.text, /Nothing arrived\? You can ask for a new code in 1 minute \(00:01:00 UTC\)\./);
    assert.match(codePage.text, /name="action" value="resend"/);

    const done = await confirm(b, codeIn(message), 'My mobile');
    assert.equal(done.status, 303, done.text);
    assert.match(done.location ?? '', /^\/account\/setup\/done\?device=phone%2F/);
    const [confirmed] = await host.twofold.listDevices(carol.id);
    assert.equal(confirmed?.confirmed, true);
    assert.equal(confirmed.name, 'My mobile');
    assert.equal((await primaryDevice(host.twofold, carol.id))?.persistentId, confirmed.persistentId, 'the first device is primary');
    const whoami = JSON.parse((await b.get('/whoami')).text) as { verified: boolean; device: string };
    assert.deepEqual(whoami, { user: carol.id, verified: true, device: confirmed.persistentId });
    const donePage = await b.get(done.location!);
    assert.match(donePage.text, /From now on, after your password, signing in asks you to confirm it is you with My mobile/);
    assert.match(donePage.text, /action="\/account\/backup-codes"/, 'backup codes are offered');
    // Single use: the code that confirmed the device cannot sign in.
    const replay = await host.twofold.verifyToken(carol.id, confirmed.persistentId, codeIn(message));
    assert.ok(!replay.ok);
    assert.equal(replay.reason, 'replayed-token');
    await host.twofold.deleteUserDevices(carol.id);
  });

  it('sets up a voice call in the reader’s language: the call, the page and the sentence are in Dutch', async () => {
    const b = await signInAt(host, carol);
    const nl = { 'accept-language': 'nl' };
    const sent = await startByCode(b, 'call', '+32 470 12 34 56', nl);
    assert.equal(sent.status, 303, sent.text);
    const message = lastMessage(host);
    assert.equal(message.channel, 'call');
    assert.equal(message.to, '+32470123456');
    assert.equal(message.language, 'nl');
    const codePage = await b.get('/account/setup', nl);
    assert.match(codePage.text, /<html lang="nl"/);
    const sentence = sentText(codePage) ?? '';
    assert.match(sentence, /\+32 ••• •• •• 56/);
    assert.doesNotMatch(sentence, /We are calling/, 'never the kind’s English sentence');
    assert.match(codePage.text, /value="Telefoon eindigend op 56"/);
    const done = await confirm(b, codeIn(message), undefined, nl);
    assert.equal(done.status, 303);
    const [device] = await host.twofold.listDevices(carol.id);
    assert.equal(device?.state.method, 'call');
    assert.equal(device.name, 'Telefoon eindigend op 56');
    await host.twofold.deleteUserDevices(carol.id);
  });

  it('sets up codes by e-mail, offering the user’s own address', async () => {
    const b = await signInAt(host, carol);
    const form = await b.get('/account/setup?method=email');
    assert.equal(inputValue(form.text, 'address'), emailOf(carol), 'the address the host knows is filled in');
    assert.match(form.text, /<input id="tf-address" name="address" type="email" autocomplete="email"/);
    const sent = await b.post('/account/setup', { _csrf: csrfOf(form), action: 'send', method: 'email', address: emailOf(carol) });
    assert.equal(sent.status, 303, sent.text);
    const message = lastMessage(host);
    assert.equal(message.channel, 'email');
    assert.equal(message.to, 'carol@example.com');
    // Nobody is signing in yet: the setup e-mail says what the code is for, not "If you did not try to sign in".
    assert.doesNotMatch(`${message.text}${message.html ?? ''}`, /try to sign in/);
    assert.match(message.text, /finish adding this e-mail address/);
    assert.match(message.html ?? '', /finish adding this e-mail address/);
    const codePage = await b.get('/account/setup');
    assert.equal(sentText(codePage), 'We sent an e-mail with a code to c•••l@example.com.');
    assert.match(codePage.text, /value="E-mail c•••l@example.com"/);
    assert.match(codePage.text, />Use a different address</);
    const done = await confirm(b, codeIn(message));
    assert.equal(done.status, 303);
    const [device] = await host.twofold.listDevices(carol.id);
    assert.equal(device?.kind, 'email');
    assert.equal(device.state.address, 'carol@example.com');
    assert.equal(device.name, 'E-mail c•••l@example.com');
    // Once set up, a sign-in code carries the sign-in wording.
    host.clock.advance(3600);
    assert.equal((await host.twofold.generateChallenge(carol.id, device.persistentId)).ok, true);
    assert.match(lastMessage(host).text, /If you did not try to sign in/);
    await host.twofold.deleteUserDevices(carol.id);
  });

  it('explains every refused number or address, keeps what was typed, and creates nothing', async () => {
    const b = await signInAt(host, carol);
    const sentBefore = host.gateway.outbox().length;
    const cases: [string, string, string, string][] = [
      ['sms', 'number', '', 'Enter a phone number.'],
      ['sms', 'number', '06 1234 abcd', 'That is not a phone number we can use. Check the digits, and leave out letters and extensions.'],
      ['sms', 'number', '06 123', 'That is not a phone number we can use. Check the digits, and leave out letters and extensions.'],
      ['call', 'number', '0900 1234567', 'That number cannot get codes: premium-rate and shared-cost numbers are not accepted. Use a mobile number or an ordinary landline.'],
      ['sms', 'number', '+49 151 23456789', 'We cannot send codes to phone numbers from that country. Use a number from another country.'],
      ['email', 'address', '', 'Enter an e-mail address.'],
      ['email', 'address', 'carol at example.com', 'That is not an e-mail address we can use. Check it: it should look like name@example.com.'],
      ['email', 'address', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`, 'That address is too long: it can have at most 254 characters.'],
    ];
    for (const [method, field, value, error] of cases) {
      const form = await b.get(`/account/setup?method=${method}`);
      const page = await b.post('/account/setup', { _csrf: csrfOf(form), action: 'send', method, [field]: value });
      assert.equal(page.status, 400, `${value}: ${page.text}`);
      assert.deepEqual(accountErrors(page.text), [error], value);
      assert.match(page.text, new RegExp(`<a href="#tf-${field}">`), 'the error links to its field');
      assert.match(page.text, new RegExp(`id="tf-${field}"[^>]*aria-invalid="true"`));
      assert.equal(inputValue(page.text, field), value.slice(0, 254), 'the typed value is kept');
    }
    assert.deepEqual(await host.twofold.listDevices(carol.id), []);
    assert.equal(host.gateway.outbox().length, sentBefore, 'nothing was sent');
  });

  it('resends within the cooldown: too early is 429 with Retry-After, exactly at the end a new code goes out and only it works', async () => {
    const b = await signInAt(host, carol);
    host.clock.advance(3600);
    await startByCode(b, 'sms', '+31 6 87654321');
    const first = lastMessage(host);

    const early = await resend(b);
    assert.equal(early.status, 429);
    assert.equal(early.headers.get('retry-after'), '60');
    assert.deepEqual(accountErrors(early.text), [`A code was sent a moment ago. You can ask for a new one in 1 minute (${time(host, 60)}).`]);
    // The message counts down (with the page script), and "Send a new code" waits until allowed.
    const retryIso = new Date(host.clock.now() + 60_000).toISOString();
    assert.match(early.text, new RegExp(`<div class="tf-alert tf-alert-error" role="alert" data-tf-until="${retryIso}" data-tf-relative="in 1 minute"`));
    assert.match(early.text, /<button class="tf-button tf-button-secondary" id="tf-resend"[^>]* disabled>/);
    host.clock.advance(59.5);
    const stillEarly = await resend(b);
    assert.equal(stillEarly.status, 429);
    assert.equal(stillEarly.headers.get('retry-after'), '1');
    assert.equal(lastMessage(host).id, first.id, 'nothing was sent');

    host.clock.advance(0.5);
    const again = await resend(b);
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(accountNotices(again.text), ['We sent a new text message to +31 • ••••••21. Only the newest code works.']);
    const second = lastMessage(host);
    assert.notEqual(second.id, first.id);
    const reloaded = await b.get('/account/setup');
    assert.deepEqual(accountNotices(reloaded.text), [], 'the notice is shown once');
    assert.equal(lastMessage(host).id, second.id, 'a reload sends nothing');
    if (codeIn(first) !== codeIn(second)) {
      const old = await confirm(b, codeIn(first));
      assert.equal(old.status, 401, 'the replaced code no longer works');
      host.clock.advance(1);
    }
    const done = await confirm(b, codeIn(second));
    assert.equal(done.status, 303);
    await host.twofold.deleteUserDevices(carol.id);
  });

  it('accepts a code until the end of its lifetime and refuses it from then on (ask for a new one)', async () => {
    const b = await signInAt(host, carol);
    host.clock.advance(3600);
    await startByCode(b, 'sms', '+31 6 11112222');
    const code = codeIn(lastMessage(host));
    host.clock.advance(300);
    const late = await confirm(b, code);
    assert.equal(late.status, 401);
    assert.deepEqual(accountErrors(late.text), ['That code is not right, or it has expired. Check it, or ask for a new code.']);
    assert.equal((await pending(host, carol.id)).confirmed, false);

    // A new code, entered at the last millisecond of its 300 s (and of the setup's 600 s).
    assert.equal((await resend(b)).status, 200);
    const fresh = codeIn(lastMessage(host));
    host.clock.advance(299.999);
    const inTime = await confirm(b, fresh);
    assert.equal(inTime.status, 303, inTime.text);
    assert.equal((await host.twofold.listDevices(carol.id))[0]?.confirmed, true);
    await host.twofold.deleteUserDevices(carol.id);
  });

  it('backs off after wrong codes like the device does, and the right code waits too', async () => {
    const b = await signInAt(host, carol);
    host.clock.advance(3600);
    await startByCode(b, 'sms', '+31 6 33334444');
    const code = codeIn(lastMessage(host));
    const wrong = code === '000000' ? '111111' : '000000';
    const first = await confirm(b, wrong);
    assert.equal(first.status, 401);
    const locked = await confirm(b, code);
    assert.equal(locked.status, 429, 'not even looked at');
    assert.equal(locked.headers.get('retry-after'), '1');
    assert.deepEqual(accountErrors(locked.text), [`That is 1 wrong code. You can try again in 1 second (${time(host, 1)}).`]);
    host.clock.advance(1);
    assert.equal((await confirm(b, wrong)).status, 401);
    const twice = await confirm(b, code);
    assert.equal(twice.status, 429);
    assert.equal(twice.headers.get('retry-after'), '2');
    assert.equal((await pending(host, carol.id)).failureCount, 2, 'counted on the device');
    // Malformed input is refused without counting.
    host.clock.advance(2);
    assert.equal((await confirm(b, '12')).status, 401);
    const right = await confirm(b, code);
    assert.equal(right.status, 303);
    await host.twofold.deleteUserDevices(carol.id);
  });

  it('removes the unconfirmed device of a cancelled, replaced, expired or abandoned setup, and never a confirmed one', async () => {
    const keep = await host.twofold.createDevice({ userId: carol.id, kind: 'phone', name: 'Old phone', options: { number: '+31 6 13572468' } });
    const b = await signInAt(host, carol);
    host.clock.advance(3600);
    await reauthenticateWithPhone(b, keep.persistentId);

    // Cancelled.
    await startByCode(b, 'sms', '+31 6 10000001');
    const cancelled = await pending(host, carol.id);
    const page = await b.get('/account/setup');
    const cancel = await b.post('/account/setup', { _csrf: csrfOf(page), action: 'cancel' });
    assert.equal(cancel.status, 303);
    assert.equal(await host.twofold.getDevice(carol.id, cancelled.persistentId), null);

    // Replaced by another setup by code, then by an app.
    await startByCode(b, 'sms', '+31 6 10000002');
    const replaced = await pending(host, carol.id);
    await startByCode(b, 'email', 'carol@example.org');
    const byMail = await pending(host, carol.id);
    assert.equal(byMail.kind, 'email');
    assert.equal(await host.twofold.getDevice(carol.id, replaced.persistentId), null);
    const welcome = await b.get('/account/setup?method=totp');
    assert.equal((await b.post('/account/setup', { _csrf: csrfOf(welcome), action: 'start', method: 'totp' })).status, 303);
    assert.deepEqual(await host.twofold.listDevices(carol.id, { confirmed: false }), []);

    // Expired in this session (setupTimeoutSeconds, 600 s).
    await startByCode(b, 'sms', '+31 6 10000003');
    const expired = await pending(host, carol.id);
    host.clock.advance(599);
    assert.equal((await b.get('/account/setup')).status, 200);
    assert.notEqual(await host.twofold.getDevice(carol.id, expired.persistentId), null, 'still running at 599 s');
    host.clock.advance(1);
    const gone = await b.get('/account/setup');
    assert.deepEqual(accountErrors(gone.text), ['Setting up took too long, so it was cancelled. Start again: you will get a new key.']);
    assert.equal(await host.twofold.getDevice(carol.id, expired.persistentId), null);

    // Abandoned: the session never comes back; the next setup of the user, anywhere, sweeps it once it has run out.
    await startByCode(b, 'sms', '+31 6 10000004');
    const abandoned = await pending(host, carol.id);
    const other = await signInAt(host, carol);
    await reauthenticateWithPhone(other, keep.persistentId);
    await startByCode(other, 'sms', '+31 6 10000005');
    assert.notEqual(await host.twofold.getDevice(carol.id, abandoned.persistentId), null, 'a setup still running elsewhere is left alone');
    host.clock.advance(600);
    await reauthenticateWithPhone(other, keep.persistentId);
    await startByCode(other, 'sms', '+31 6 10000006');
    const left = await host.twofold.listDevices(carol.id, { confirmed: false });
    assert.deepEqual(left.map((device) => device.state.number), ['+31610000006']);

    assert.equal((await host.twofold.getDevice(carol.id, keep.persistentId))?.confirmed, true, 'the confirmed device is untouched');
    await host.twofold.deleteUserDevices(carol.id);
  });

  /** Makes `b`'s session recently verified with a code sent to the user's confirmed phone. */
  async function reauthenticateWithPhone(b: Browser, device: string): Promise<void> {
    host.clock.advance(61);
    const page = await b.get('/account/reauthenticate');
    const sent = await b.post('/account/reauthenticate', { _csrf: csrfOf(page), device, action: 'challenge' });
    assert.equal(sent.status, 200, sent.text);
    const verified = await reauthenticate(b, codeIn(lastMessage(host)), { device });
    assert.equal(verified.status, 303, verified.text);
  }

  it('sends the "confirm it is you" code in the reader’s words and language', async () => {
    const phoneDevice = await host.twofold.createDevice({ userId: bob.id, kind: 'phone', name: 'Bob’s phone', options: { number: '+31 6 55556666', method: 'sms' } });
    const b = await signInAt(host, bob);
    host.clock.advance(3600);
    const page = await b.get('/account/reauthenticate', { 'accept-language': 'de' });
    const sent = await b.post('/account/reauthenticate', { _csrf: csrfOf(page), device: phoneDevice.persistentId, action: 'challenge' }, { 'accept-language': 'de' });
    assert.equal(sent.status, 200);
    const [notice] = accountNotices(sent.text);
    assert.match(notice ?? '', /\+31 • ••••••66/);
    assert.doesNotMatch(notice ?? '', /We sent/);
    assert.equal(lastMessage(host).language, 'de');
    // The page the send redirected to offers no second send during the cooldown: the button is disabled and says until when.
    assert.match(sent.text, /id="tf-send-code"[^>]*disabled/);
    assert.match(sent.text, /data-tf-enables="tf-send-code"/);
    const early = await b.post('/account/reauthenticate', { _csrf: csrfOf(page), device: phoneDevice.persistentId, action: 'challenge' });
    assert.equal(early.status, 429);
    assert.equal(early.headers.get('retry-after'), '60');
    host.clock.advance(60);
    const later = await b.get('/account/reauthenticate');
    assert.match(later.text, /id="tf-send-code"/);
    assert.doesNotMatch(later.text, /id="tf-send-code"[^>]*disabled/, 'enabled once the cooldown is over');
    await host.twofold.deleteUserDevices(bob.id);
  });

  it('refuses a number that already gets codes the same way', async () => {
    await host.twofold.createDevice({ userId: bob.id, kind: 'phone', name: 'Phone', options: { number: '+31 6 12121212', method: 'sms' } });
    const b = await signInAt(host, bob);
    const code = await host.twofold.generateChallenge(bob.id, (await host.twofold.listDevices(bob.id))[0]!.persistentId);
    assert.equal(code.ok, true);
    assert.equal((await reauthenticate(b, codeIn(lastMessage(host)))).status, 303);
    const form = await b.get('/account/setup?method=sms');
    const taken = await b.post('/account/setup', { _csrf: csrfOf(form), action: 'send', method: 'sms', number: '06 12121212' });
    assert.equal(taken.status, 409);
    assert.deepEqual(accountErrors(taken.text), ['This number already gets codes that way: it is one of your devices.']);
    assert.deepEqual(await host.twofold.listDevices(bob.id, { confirmed: false }), []);
    // The same number for calls is another way to get codes: allowed.
    const byCall = await b.post('/account/setup', { _csrf: csrfOf(form), action: 'send', method: 'call', number: '06 12121212' });
    assert.equal(byCall.status, 303);
    await host.twofold.deleteUserDevices(bob.id);
  });

  it('lists backup phone numbers on the profile, adds one with a code (not primary) and removes it', async () => {
    await addTotp(host.twofold, alice.id, 'Authenticator app', 61);
    const b = await signInAt(host, alice);
    host.clock.advance(3600);
    assert.equal((await reauthenticate(b, totpCode(host.clock, 61))).status, 303);

    const before = await b.get('/account/profile');
    assert.match(before.text, /<h2>Backup phone numbers<\/h2>/);
    assert.match(before.text, /You have no backup phone number\./);
    assert.match(before.text, /<a href="\/account\/setup\?method=phone">Add a backup phone number<\/a>/);

    const form = await b.get('/account/setup?method=phone');
    assert.match(form.text, /<h1>Add a backup phone number<\/h1>/);
    assert.match(form.text, /<legend>How should the code reach this number\?<\/legend>/);
    assert.match(form.text, /value="sms" checked/);
    assert.match(form.text, /value="call"/);
    assert.doesNotMatch(form.text, /value="email"/);
    const sent = await b.post('/account/setup', { _csrf: csrfOf(form), action: 'send', method: 'call', number: '020 123 4567' });
    assert.equal(sent.status, 303, sent.text);
    const codePage = await b.get('/account/setup');
    assert.match(codePage.text, /<h1>Add a backup phone number<\/h1>/);
    assert.match(codePage.text, /Confirm and add the device/);
    const done = await confirm(b, codeIn(lastMessage(host)));
    assert.equal(done.status, 303);
    const phoneDevice = (await host.twofold.listDevices(alice.id)).find((device) => device.kind === 'phone');
    assert.equal(phoneDevice?.name, 'Phone ending in 67');
    assert.equal((await primaryDevice(host.twofold, alice.id))?.kind, 'totp', 'a backup phone is not primary');

    // A second phone: several are allowed.
    host.clock.advance(1);
    assert.equal((await startByCode(b, 'sms', '+31 6 40404040')).status, 303);
    assert.equal((await confirm(b, codeIn(lastMessage(host)))).status, 303);

    const profile = await b.get('/account/profile');
    const section = /<section class="tf-account-section tf-account-phones">([\s\S]*?)<\/section>/.exec(profile.text)?.[1] ?? '';
    assert.match(section, /Phone ending in 67<\/span>\n<span class="tf-account-device-meta tf-account-destination">Voice call to \+31 •• ••• ••67<\/span>/);
    assert.match(section, /Phone ending in 40<\/span>\n<span class="tf-account-device-meta tf-account-destination">Text message to \+31 • ••••••40<\/span>/);
    assert.doesNotMatch(profile.text, /1234567|40404040/, 'numbers are masked');

    const removeUrl = `/account/devices/remove?device=${encodeURIComponent(phoneDevice.persistentId)}`;
    assert.match(section, new RegExp(`href="${removeUrl.replace(/[?]/g, '\\?')}"`));
    const confirmPage = await b.get(removeUrl);
    assert.match(confirmPage.text, /Voice call to \+31 •• ••• ••67/);
    const removed = await b.post('/account/devices/remove', { _csrf: csrfOf(confirmPage), device: phoneDevice.persistentId, confirm: 'yes' });
    assert.equal(removed.status, 303);
    const after = await b.get('/account/profile');
    assert.deepEqual(accountNotices(after.text), ['Phone ending in 67 was removed.']);
    assert.doesNotMatch(after.text.replace(/<div class="tf-alert[^\n]*\n/, ''), /Phone ending in 67/);
    assert.match(after.text, /Phone ending in 40/);
    await host.twofold.deleteUserDevices(alice.id);
  });

  it('keeps listing a phone number on the profile once it is made primary (issue 11, item 8)', async () => {
    await addTotp(host.twofold, alice.id, 'Authenticator app', 63);
    const b = await signInAt(host, alice);
    host.clock.advance(3600);
    assert.equal((await reauthenticate(b, totpCode(host.clock, 63))).status, 303);
    assert.equal((await startByCode(b, 'sms', '+31 6 41414141')).status, 303);
    assert.equal((await confirm(b, codeIn(lastMessage(host)))).status, 303);
    const phoneDevice = (await host.twofold.listDevices(alice.id)).find((device) => device.kind === 'phone')!;
    const listed = await b.get('/account/profile');
    const made = await b.post('/account/devices/primary', { _csrf: csrfOf(listed), device: phoneDevice.persistentId });
    assert.equal(made.status, 303);
    assert.equal((await primaryDevice(host.twofold, alice.id))?.kind, 'phone');
    const profile = await b.get('/account/profile');
    const section = /<section class="tf-account-section tf-account-phones">([\s\S]*?)<\/section>/.exec(profile.text)?.[1] ?? '';
    assert.doesNotMatch(section, /You have no backup phone number/);
    assert.match(section, /Phone ending in 41<\/span><span class="tf-account-badge">Primary<\/span>/);
    assert.match(section, /Text message to \+31 • ••••••41/);
    await host.twofold.deleteUserDevices(alice.id);
  });

  it('formats the profile’s dates in the reader’s language', async () => {
    await addTotp(host.twofold, alice.id, 'Authenticator app', 62);
    const b = await signInAt(host, alice);
    assert.equal((await reauthenticate(b, totpCode(host.clock, 62))).status, 303);
    const added = (await host.twofold.listDevices(alice.id))[0]!.createdAt;
    const german = await b.get('/account/profile', { 'accept-language': 'de' });
    const inGerman = new Intl.DateTimeFormat('de', { ...ACCOUNT_DATE_FORMAT, timeZone: 'UTC' }).format(added);
    // The page script rewrites the date in the reader's own time zone: it gets the text to replace.
    assert.match(german.text, new RegExp(`datetime="${added.toISOString()}" data-tf-date="${escape(inGerman)}">[^<]*${escape(inGerman)}<`));
    const english = await b.get('/account/profile');
    assert.match(english.text, new RegExp(escape(new Intl.DateTimeFormat('en', { ...ACCOUNT_DATE_FORMAT, timeZone: 'UTC' }).format(added))));
    await host.twofold.deleteUserDevices(alice.id);
  });
});

describe('setup by code when sending is refused', () => {
  let host: CodeHost;
  before(async () => {
    host = await startCodeHost({
      phone: { budgets: [{ scope: 'user', limit: 4, windowSeconds: 3600 }] },
      email: false,
      twofold: { account: { formatDate: (date, language) => `${language}:${date.toISOString()}` } },
    });
  });
  after(async () => {
    await host.close();
  });

  it('answers 429 with Retry-After when the sending budget is spent, and sends again once the window moves', async () => {
    const b = await signInAt(host, carol);
    assert.equal((await startByCode(b, 'sms', '+31 6 20202020')).status, 303);
    for (let i = 0; i < 3; i++) {
      host.clock.advance(60);
      assert.equal((await resend(b)).status, 200);
    }
    host.clock.advance(60);
    const spent = await resend(b);
    assert.equal(spent.status, 429);
    // The first of the four codes leaves the one-hour window 3600 s after it was sent.
    assert.equal(spent.headers.get('retry-after'), String(3600 - 240));
    assert.deepEqual(accountErrors(spent.text), [`Too many codes were sent lately. You can ask for a new one in 56 minutes (${time(host, 3360)}).`]);
    assert.equal(host.gateway.outbox().length, 4, 'nothing more was sent');
    // A new setup cannot get around it: the budget is the user's.
    const form = await b.get('/account/setup?method=sms');
    const refused = await b.post('/account/setup', { _csrf: csrfOf(form), action: 'send', method: 'sms', number: '+31 6 30303030' });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), String(3600 - 240));
    assert.equal(inputValue(refused.text, 'number'), '+31 6 30303030');
    // The refusal counts down, and "Send code" is disabled until the budget allows one, then enabled by the page script.
    assert.match(refused.text, /role="alert" data-tf-until="[^"]+" data-tf-relative="in 56 minutes"/);
    assert.match(refused.text, /<button class="tf-button" id="tf-send-first" type="submit" name="action" value="send" aria-describedby="tf-send-hint" disabled>/);
    assert.match(refused.text, /<p class="tf-hint tf-resend-hint" id="tf-send-hint" data-tf-until="[^"]+" data-tf-relative="in 56 minutes" data-tf-clock="[^"]+" data-tf-done="You can ask for a code now\." data-tf-enables="tf-send-first">You can ask for a code in 56 minutes \(/);
    const left = await host.twofold.listDevices(carol.id, { confirmed: false });
    assert.deepEqual(left.map((device) => device.state.number), ['+31620202020'], 'no device for the refused number; the setup in progress stays');
    // Exactly when the first code leaves the window, a code may go out again (the setup itself has run out by then: a new one).
    host.clock.advance(3359);
    assert.equal((await startByCode(b, 'sms', '+31 6 30303030')).status, 429);
    host.clock.advance(1);
    assert.equal((await startByCode(b, 'sms', '+31 6 30303030')).status, 303);
    assert.equal(host.gateway.outbox().length, 5);
    await host.twofold.deleteUserDevices(carol.id);
  });

  it('answers 503 when delivery fails, leaves nothing behind, and a later resend works at once', async () => {
    const b = await signInAt(host, bob);
    host.gateway.simulateFailure('provider down');
    const failed = await startByCode(b, 'sms', '+31 6 50505050');
    assert.equal(failed.status, 503);
    assert.deepEqual(accountErrors(failed.text), ['We could not send the code just now. Check the number or address, wait a moment and try again.']);
    assert.equal(failed.headers.get('retry-after'), null);
    assert.deepEqual(await host.twofold.listDevices(bob.id), []);
    assert.ok(host.logged.some((line) => /sending a code to device phone\/.* failed: development gateway: simulated failure: provider down/.test(line)));

    host.gateway.simulateFailure(null);
    assert.equal((await startByCode(b, 'sms', '+31 6 50505050')).status, 303);
    const first = lastMessage(host);
    host.clock.advance(60);
    host.gateway.simulateFailure('provider down');
    const resendFailed = await resend(b);
    assert.equal(resendFailed.status, 503);
    host.gateway.simulateFailure(null);
    const retried = await resend(b);
    assert.equal(retried.status, 200, 'a failed send does not start a cooldown');
    assert.notEqual(lastMessage(host).id, first.id);
    assert.equal((await confirm(b, codeIn(lastMessage(host)))).status, 303);
    await host.twofold.deleteUserDevices(bob.id);
  });

  it('offers only the registered kinds’ methods, and uses the host’s own date format', async () => {
    const b = await signInAt(host, alice);
    const welcome = await b.get('/account/setup');
    const offered = [...welcome.text.matchAll(/type="radio" name="method" id="tf-method-\d" value="([a-z]+)"/g)].map((m) => m[1]);
    assert.deepEqual(offered, ['totp', 'sms', 'call'], 'no e-mail without the e-mail kind');
    assert.equal((await b.get('/account/setup?method=email')).text.includes('tf-address'), false);
    assert.equal((await startByCode(b, 'sms', '+31 6 24681357')).status, 303);
    assert.equal((await confirm(b, codeIn(lastMessage(host)))).status, 303);
    const added = (await host.twofold.listDevices(alice.id))[0]!.createdAt.toISOString();
    assert.match((await b.get('/account/profile', { 'accept-language': 'nl' })).text, new RegExp(`Toegevoegd op nl:${escape(added)}`));
    assert.match((await b.get('/account/profile')).text, new RegExp(`Added en:${escape(added)}`));
    await host.twofold.deleteUserDevices(alice.id);
  });
});

function time(host: CodeHost, secondsFromNow: number): string {
  return `${new Date(host.clock.now() + secondsFromNow * 1000).toISOString().slice(11, 19)} UTC`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
