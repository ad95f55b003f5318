/**
 * The verified state's idle and absolute limits on Express (express-session),
 * at exact times: see `test/flows/lifetime-http.ts`.
 */
import { describe } from 'node:test';
import type { VerificationExpiredEvent } from '../../src/web/lifetime.js';
import { lifetimeTests } from '../flows/lifetime-http.js';
import { addTotp, startHost, totpCode, user } from './support.js';

const alice = user('alice');

describe('verification lifetimes on Express', () => {
  lifetimeTests(async () => {
    const host = await startHost({ twofold: { rememberCookieAge: 30 * 86_400, passwordFingerprint: () => 'v1' } });
    await addTotp(host.twofold, alice.id, 'Alice phone', 1);
    const expired: VerificationExpiredEvent[] = [];
    host.otp.on('verificationExpired', (event) => void expired.push(event));
    return {
      url: host.url,
      clock: host.clock,
      sessionCookie: 'connect.sid',
      expired,
      username: alice.username,
      password: alice.password,
      code: () => totpCode(host.clock, 1),
      close: () => host.close(),
    };
  });
});
