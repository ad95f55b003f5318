/**
 * The verified state's idle and absolute limits at exact times with the
 * manual clock: the pure rule (`ageState`), the options, and what the
 * request context does when a limit runs out (factors dropped, session id
 * rotated, notice left, `onExpired` told), and how rarely it writes the
 * activity stamp.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold, manualClock } from '../../src/index.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { isTwofoldError } from '../../src/core/errors.js';
import { createOtpContext } from '../../src/web/verification.js';
import {
  ageState,
  activityRefreshMs,
  DEFAULT_VERIFICATION_LIFETIME,
  expiryMessage,
  resolveVerificationLifetime,
  takeExpiryNotice,
  type VerificationExpiredEvent,
} from '../../src/web/lifetime.js';
import { createTranslator } from '../../src/assembly/messages.js';
import { mapSession } from './map-session.js';
import type { SessionFactor } from '../../src/web/state.js';

const START = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const IDLE = 30 * MINUTE;
const ABSOLUTE = 12 * 60 * MINUTE;

const otpAt = (at: number): SessionFactor => ({ type: 'otp', kind: 'totp', persistentId: 'totp/1', method: 'device', at });

describe('ageState', () => {
  const lifetime = DEFAULT_VERIFICATION_LIFETIME;

  it('defaults to 30 minutes idle and 12 hours absolute', () => {
    assert.equal(lifetime.idleMs, IDLE);
    assert.equal(lifetime.absoluteMs, ABSOLUTE);
  });

  it('keeps a state until the idle limit, and ends it exactly at the limit', () => {
    const state = { userId: 'u', factors: [otpAt(START)], activeAt: START };
    assert.equal(ageState(state, START + IDLE - 1, lifetime).expired, null);
    const at = ageState(state, START + IDLE, lifetime);
    assert.equal(at.expired?.reason, 'idle');
    assert.equal(at.expired.limitSeconds, 1800);
    assert.deepEqual(at.factors, []);
    assert.equal(ageState(state, START + IDLE + 1, lifetime).expired?.reason, 'idle');
  });

  it('ends a state exactly 12 hours after its newest code however active it was', () => {
    const state = (activeAt: number) => ({ userId: 'u', factors: [{ type: 'password' as const, at: START }, otpAt(START)], activeAt });
    assert.equal(ageState(state(START + ABSOLUTE - MINUTE), START + ABSOLUTE - 1, lifetime).expired, null);
    const at = ageState(state(START + ABSOLUTE - MINUTE), START + ABSOLUTE, lifetime);
    assert.equal(at.expired?.reason, 'absolute');
    assert.equal(at.expired.limitSeconds, 43_200);
    assert.equal(at.expired.verifiedAt.getTime(), START);
    assert.equal(ageState(state(START + ABSOLUTE), START + ABSOLUTE + 1, lifetime).expired?.reason, 'absolute');
  });

  it('drops only the codes that aged out when a newer one still counts', () => {
    const newer = otpAt(START + 6 * 60 * MINUTE);
    const aged = ageState({ userId: 'u', factors: [otpAt(START), newer], activeAt: START + ABSOLUTE }, START + ABSOLUTE, lifetime);
    assert.equal(aged.expired, null);
    assert.deepEqual(aged.factors, [newer]);
  });

  it('counts a state without a stamp from its newest factor, and a stamp from the future as now', () => {
    assert.equal(ageState({ userId: 'u', factors: [otpAt(START)] }, START + IDLE - 1, lifetime).expired, null);
    assert.equal(ageState({ userId: 'u', factors: [otpAt(START)] }, START + IDLE, lifetime).expired?.reason, 'idle');
    const future = ageState({ userId: 'u', factors: [otpAt(START)], activeAt: START + 10 * IDLE }, START + MINUTE, lifetime);
    assert.equal(future.expired, null);
    assert.equal(future.touch, true, 'the future stamp is replaced');
  });

  it('leaves states without a second factor alone, and limits of 0 off', () => {
    const passwordOnly = { userId: 'u', factors: [{ type: 'password' as const, at: START }], activeAt: START };
    assert.equal(ageState(passwordOnly, START + 100 * ABSOLUTE, lifetime).expired, null);
    const off = { idleMs: 0, absoluteMs: 0 };
    assert.equal(ageState({ userId: 'u', factors: [otpAt(START)], activeAt: START }, START + 100 * ABSOLUTE, off).expired, null);
  });

  it('asks for a new stamp once it is a minute old (a tenth of short idle limits)', () => {
    const state = { userId: 'u', factors: [otpAt(START)], activeAt: START };
    assert.equal(ageState(state, START + MINUTE - 1, lifetime).touch, false);
    assert.equal(ageState(state, START + MINUTE, lifetime).touch, true);
    assert.equal(activityRefreshMs({ idleMs: 2 * MINUTE, absoluteMs: 0 }), 12_000);
    assert.equal(activityRefreshMs({ idleMs: 0, absoluteMs: 0 }), MINUTE);
  });
});

describe('resolveVerificationLifetime', () => {
  it('takes seconds, 0 for no limit, and refuses anything else', () => {
    assert.deepEqual(resolveVerificationLifetime({}), { idleMs: IDLE, absoluteMs: ABSOLUTE });
    assert.deepEqual(resolveVerificationLifetime({ verificationIdleSeconds: 0, verificationMaxAgeSeconds: 86_400 }), { idleMs: 0, absoluteMs: 86_400_000 });
    for (const bad of [{ verificationIdleSeconds: 59 }, { verificationIdleSeconds: 1.5 }, { verificationMaxAgeSeconds: -1 }, { verificationMaxAgeSeconds: 299 }]) {
      assert.throws(() => resolveVerificationLifetime(bad), (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG'), JSON.stringify(bad));
    }
  });
});

describe('expiry notices', () => {
  it('say minutes or hours, in the reader’s words, once', () => {
    const t = createTranslator();
    assert.equal(expiryMessage(t, { reason: 'idle', limitSeconds: 1800 }).text, 'Your verification expired after 30 minutes of inactivity. Enter a code again to continue.');
    assert.equal(expiryMessage(t, { reason: 'absolute', limitSeconds: 43_200 }).text, 'Your verification expired: a code counts for 12 hours. Enter a code again to continue.');
    assert.equal(expiryMessage(t, { reason: 'idle', limitSeconds: 3600 }).text, 'Your verification expired after 1 hour of inactivity. Enter a code again to continue.');
    const values = new Map<string, unknown>([['n', { reason: 'idle', limitSeconds: 60 }]]);
    const session = { get: (key: string) => values.get(key), delete: (key: string) => void values.delete(key) };
    assert.deepEqual(takeExpiryNotice(session, 'n'), { reason: 'idle', limitSeconds: 60 });
    assert.equal(takeExpiryNotice(session, 'n'), null);
    values.set('n', { reason: 'bored', limitSeconds: 60 });
    assert.equal(takeExpiryNotice(session, 'n'), null);
    assert.equal(values.has('n'), false, 'a malformed notice is removed too');
  });
});

describe('createOtpContext with lifetimes', () => {
  async function setup() {
    const clock = manualClock(START);
    const twofold = createTwofold({ store: createMemoryStore(), kinds: [totp()], clock: clock.now, secrets: ['lifetime-tests-secret-0123456789abcdef'] });
    const phone = await twofold.createDevice({ userId: 'alice', kind: 'totp', name: 'Phone' });
    const events: VerificationExpiredEvent[] = [];
    const lifetime = { ...DEFAULT_VERIFICATION_LIFETIME, onExpired: (event: VerificationExpiredEvent) => void events.push(event) };
    const session = mapSession({ passport: { user: 'alice' } });
    const request = () => createOtpContext({ twofold, session, getUser: () => ({ id: 'alice' }), lifetime });
    await request().login(phone);
    session.regenerations.length = 0;
    session.writes = 0;
    return { clock, session, request, events };
  }

  it('stays verified one millisecond before the idle limit, and stamps activity at most once a minute', async () => {
    const { clock, session, request, events } = await setup();
    clock.set(START + MINUTE - 1);
    assert.equal(await request().isVerified(), true);
    assert.equal(session.writes, 0, 'a stamp younger than a minute is not rewritten');
    clock.set(START + IDLE - 1);
    assert.equal(await request().isVerified(), true);
    assert.equal(session.writes, 1);
    assert.equal((session.values.get('twofold') as { activeAt: number }).activeAt, START + IDLE - 1);
    // The activity moved the idle limit: 29 minutes later it is still verified.
    clock.set(START + IDLE - 1 + IDLE - 1);
    assert.equal(await request().isVerified(), true);
    assert.deepEqual(events, []);
  });

  it('at the idle limit drops the factors, rotates the id, keeps the host login, leaves a notice and tells onExpired once', async () => {
    const { clock, session, request, events } = await setup();
    clock.set(START + IDLE);
    const otp = request();
    assert.equal(await otp.isVerified(), false);
    assert.equal((await otp.expiry())?.reason, 'idle');
    assert.deepEqual(session.regenerations, ['all']);
    assert.equal(session.values.has('twofold'), false);
    assert.deepEqual(session.values.get('passport'), { user: 'alice' });
    assert.deepEqual(session.values.get('twofoldExpired'), { reason: 'idle', limitSeconds: 1800 });
    assert.equal(events.length, 1);
    assert.equal(events[0]!.user.id, 'alice');
    assert.equal(events[0]!.reason, 'idle');
    assert.equal(events[0]!.at.getTime(), START + IDLE);
    // The next request is simply unverified.
    const next = request();
    assert.equal(await next.isVerified(), false);
    assert.equal(await next.expiry(), null);
    assert.equal(events.length, 1);
  });

  it('ends at the absolute limit though the user never paused, and a new code starts over', async () => {
    const { clock, session, request, events } = await setup();
    for (let at = START; at < START + ABSOLUTE; at += 10 * MINUTE) {
      clock.set(at);
      assert.equal(await request().isVerified(), true, `at +${(at - START) / MINUTE} min`);
    }
    clock.set(START + ABSOLUTE - 1);
    assert.equal(await request().isVerified(), true);
    clock.set(START + ABSOLUTE);
    const otp = request();
    assert.equal(await otp.isVerified(), false);
    assert.equal((await otp.expiry())?.reason, 'absolute');
    assert.equal(events.length, 1);
    assert.deepEqual(session.values.get('twofoldExpired'), { reason: 'absolute', limitSeconds: 43_200 });
  });
});
