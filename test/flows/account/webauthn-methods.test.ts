/**
 * The setup wizard's methods with the `webauthn` kind registered: offered
 * by default after the authenticator app (it declares itself self-service
 * and set up by a ceremony), and accepted when the host lists it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTwofold } from '../../../src/core/twofold.js';
import { createMemoryStore } from '../../../src/store/memory/index.js';
import { totp } from '../../../src/devices/totp/index.js';
import { backupCodes } from '../../../src/devices/backup-codes/index.js';
import { webauthn } from '../../../src/devices/webauthn/index.js';
import { defaultSetupMethods, resolveAccountOptions } from '../../../src/flows/account/options.js';
import { isTwofoldError } from '../../../src/core/errors.js';

const FORMAT = { locale: 'en', timeZone: 'UTC' };

function instance() {
  return createTwofold({
    store: createMemoryStore(),
    kinds: [totp(), webauthn({ rpId: 'example.com', rpName: 'Example', origins: ['https://example.com'] }), backupCodes()],
    secrets: ['webauthn-methods-secret-0123456789abcdefghij'],
    logger: { warn() {}, error() {} },
  });
}

describe('setup methods with security keys', () => {
  it('offers the key after the app by default, and in the host order when listed', () => {
    const twofold = instance();
    assert.deepEqual(defaultSetupMethods(twofold), ['totp', 'webauthn']);
    assert.deepEqual(resolveAccountOptions({ methods: ['webauthn', 'totp'] }, twofold, FORMAT).methods, ['webauthn', 'totp']);
    assert.throws(
      () => resolveAccountOptions({ methods: ['passkey'] }, twofold, FORMAT),
      (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG'),
    );
  });
});
