/**
 * The web layer's events: `on(...)` on the integration, what a payload holds
 * (a request summary, never cookies), and listeners that throw or reject
 * being logged without changing the response.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWebEventHub, summarizeRequest } from '../../../src/flows/shared/events.js';
import { addTotp, csrfOf, passwordStep, totpCode, whoami, withFlowHost } from './support.js';

describe('web events', () => {
  it('emits userVerified once per verified session, with a request summary that holds no cookie', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      const phone = await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      const b = host.browser({ 'user-agent': 'Events/1.0' });
      const step = await passwordStep(b, alice, '/secret?tab=1');
      await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1), next: '/secret?tab=1' });
      assert.equal(host.events.length, 1);
      const [event] = host.events;
      assert.ok(event?.name === 'userVerified');
      const { clientAddress, ...summary } = event.payload.request;
      assert.deepEqual(summary, { method: 'POST', path: '/account/login', userAgent: 'Events/1.0' });
      assert.match(clientAddress ?? '', /^(::ffff:)?127\.0\.0\.1$/, 'the address Express saw (req.ip)');
      assert.equal(event.payload.device.persistentId, phone.persistentId);
      assert.equal(event.payload.backupCodesRemaining, null);
      assert.deepEqual(event.payload.at, new Date(host.clock.now()));
      const text = JSON.stringify(event.payload);
      assert.ok(!text.includes('connect.sid') && !text.includes(b.cookie('connect.sid')!));
      assert.ok(!text.includes(totpCode(host.clock, 1)));
    }));

  it('logs a listener that throws or rejects, and still answers as usual', () =>
    withFlowHost({}, async (host) => {
      const alice = host.user('alice');
      await addTotp(host.twofold, alice.id, 'Alice phone', 1);
      host.otp.on('userVerified', () => {
        throw new Error('mail server down');
      });
      host.otp.on('userVerified', () => Promise.reject(new Error('queue full')));
      const b = host.browser();
      const step = await passwordStep(b, alice);
      const done = await b.post('/account/login', { _csrf: csrfOf(step), token: totpCode(host.clock, 1) });
      assert.equal(done.status, 303);
      assert.equal((await whoami(b)).verified, true);
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(host.logged.some((line) => line.startsWith('error:') && line.includes('userVerified') && line.includes('mail server down')));
      assert.ok(host.logged.some((line) => line.includes('userVerified') && line.includes('queue full')));
    }));

  it('unsubscribes with the function on() returns', () => {
    const logged: string[] = [];
    const hub = createWebEventHub({ warn: (line) => logged.push(line), error: (line) => logged.push(line) });
    const seen: string[] = [];
    const off = hub.on('rememberedBrowserRejected', (payload) => void seen.push(payload.reason));
    const request = summarizeRequest(new Request('https://app.test/account/login?next=%2Fx', { headers: { 'user-agent': 'A\u0001B', cookie: 'sid=secret' } }));
    assert.deepEqual(request, { method: 'GET', path: '/account/login', userAgent: 'A B', clientAddress: null }, 'outside a request the address is unknown');
    const payload = { user: { id: '1', username: null }, reason: 'unknown' as const, device: null, at: new Date(0), request };
    hub.emit('rememberedBrowserRejected', payload);
    off();
    hub.emit('rememberedBrowserRejected', payload);
    assert.deepEqual(seen, ['unknown']);
    assert.deepEqual(logged, []);
  });
});
