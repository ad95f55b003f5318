/**
 * Issue 9, item 6: an option no factory reads is refused by name instead of
 * being ignored (`totp({ tolerance: 0 })` is a device option given to the kind).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isTwofoldError } from '../../src/core/errors.js';
import { totp } from '../../src/devices/totp/index.js';
import { hotp } from '../../src/devices/hotp/index.js';
import { backupCodes } from '../../src/devices/backup-codes/index.js';
import { email } from '../../src/devices/email/index.js';
import { phone } from '../../src/devices/phone/index.js';
import { createDevelopmentGateway } from '../../src/gateways/development/index.js';
import { smtpSender } from '../../src/gateways/smtp/index.js';
import { twilioGateway } from '../../src/gateways/twilio/index.js';

const gateway = createDevelopmentGateway({ log: () => undefined, environment: 'test' });

const factories: [string, (extra: Record<string, unknown>) => unknown][] = [
  ['totp', (extra) => totp({ ...extra })],
  ['hotp', (extra) => hotp({ ...extra })],
  ['backup-codes', (extra) => backupCodes({ ...extra })],
  ['email', (extra) => email({ sender: gateway, ...extra })],
  ['phone', (extra) => phone({ gateway, ...extra })],
  ['createDevelopmentGateway', (extra) => createDevelopmentGateway({ log: () => undefined, environment: 'test', ...extra })],
  ['smtpSender', (extra) => smtpSender({ transport: { host: 'smtp.example.com' }, from: 'a@example.com', ...extra })],
  ['twilioGateway', (extra) => twilioGateway({ accountSid: `AC${'0'.repeat(32)}`, authToken: 'x'.repeat(32), from: '+15017122661', ...extra })],
];

describe('unknown options of kind and gateway factories', () => {
  for (const [name, make] of factories) {
    it(`${name} refuses an option it does not know, naming it, and accepts its own`, () => {
      assert.doesNotThrow(() => make({}));
      assert.throws(
        () => make({ tolerance: 0 }),
        (error: unknown) =>
          isTwofoldError(error, 'INVALID_CONFIG') && error.message.startsWith(`${name}: unknown option "tolerance" (allowed: `),
      );
    });
  }
});
