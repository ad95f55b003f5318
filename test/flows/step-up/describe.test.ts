/**
 * The step-up page's sentences for what is missing: a code to enter for
 * devices that show or send codes, a key to use when only security keys can
 * give the factor, and the password on its own.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTranslator } from '../../../src/assembly/messages.js';
import { describeMissing } from '../../../src/flows/step-up/describe.js';
import type { MissingFactor } from '../../../src/web/step-up/decision.js';

const t = createTranslator();
const isKey = (kind: string): boolean => kind === 'webauthn';
const app = { persistentId: 'totp/1', kind: 'totp', name: 'Alice phone' };
const key = { persistentId: 'webauthn/1', kind: 'webauthn', name: 'Blue key' };

function missing(devices: MissingFactor['devices'], within?: number): MissingFactor {
  return { rule: { factor: 'second-factor', ...(within === undefined ? {} : { within }) }, devices };
}

describe('describeMissing', () => {
  it('asks for a code from devices that give codes', () => {
    assert.deepEqual(describeMissing(t, [missing([app], 900)], isKey), ['A code from one of these devices, entered in the last 15 minutes: Alice phone.']);
    assert.deepEqual(describeMissing(t, [missing([app])], isKey), ['A code from one of these devices: Alice phone.']);
  });

  it('asks for a key, not a code, when only keys can give the factor', () => {
    assert.deepEqual(describeMissing(t, [missing([key], 300)], isKey), ['A security key or passkey, used in the last 5 minutes: Blue key.']);
    assert.deepEqual(describeMissing(t, [missing([key])], isKey), ['A security key or passkey: Blue key.']);
  });

  it('keeps the code sentence when a code device is among them, and without a way to tell keys', () => {
    assert.deepEqual(describeMissing(t, [missing([app, key], 300)], isKey), ['A code from one of these devices, entered in the last 5 minutes: Alice phone, Blue key.']);
    assert.deepEqual(describeMissing(t, [missing([key], 300)]), ['A code from one of these devices, entered in the last 5 minutes: Blue key.']);
  });

  it('names the password on its own', () => {
    assert.deepEqual(describeMissing(t, [{ rule: { factor: 'password', within: 3600 }, devices: [] }, missing([key], 300)], isKey), [
      'Your password, entered in the last 1 hour.',
      'A security key or passkey, used in the last 5 minutes: Blue key.',
    ]);
  });
});
