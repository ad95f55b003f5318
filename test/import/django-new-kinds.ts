/**
 * Checks for the imported YubiKey and WebAuthn devices of the Django
 * scenario: tokens from a simulated key and assertions from a soft
 * authenticator, the same ones that worked in Django.
 */
import assert from 'node:assert/strict';
import type { Twofold } from '../../src/core/twofold.js';
import type { JsonObject } from '../../src/core/types.js';
import type { WebAuthnCeremonies } from '../../src/devices/webauthn/index.js';
import { djangoWebAuthnUserHandle } from '../../src/import/django/index.js';
import type { SoftAuthenticator } from '../support/soft-webauthn.js';
import { simulatedKey, tokenWith } from '../support/yubikey-simulator.js';

const BINDING = 'django-import-session-0001';

/**
 * The credential signs in through the ceremonies with the counter carried
 * over: the next count works, a count at or below Django's is refused.
 */
export async function checkImportedWebAuthn(ceremonies: WebAuthnCeremonies, userId: string, djangoUser: string, key: SoftAuthenticator, djangoCount: number): Promise<void> {
  // The handle two-factor gave the user: a passkey returns it, and it must still match.
  const userHandle = djangoWebAuthnUserHandle(djangoUser);
  key.counter = djangoCount; // where the key stood when Django last saw it (each scenario starts there)
  const sign = async (counter?: number) => {
    const options = await ceremonies.startAuthentication({ userId, binding: BINDING });
    assert.ok(options !== null, 'the imported credential is offered');
    const response = key.assert(options, { userHandle, ...(counter === undefined ? {} : { counter }) });
    return ceremonies.finishAuthentication({ userId, binding: BINDING, response });
  };
  const first = await sign();
  assert.ok(first.ok, `an assertion from the same key verifies: ${JSON.stringify(first)}`);
  assert.equal(first.device.state.counter, djangoCount + 1);
  assert.equal(first.device.state.backupEligible, false, 'learnt at the first assertion');
  const regressed = await sign(djangoCount);
  assert.equal(regressed.ok, false, 'a count Django had already seen is refused');
}

/** A local key's counters carried over (used tokens refused, the next accepted); a remote key names its service. */
export async function checkImportedYubikey(
  twofold: Twofold,
  clock: { now: number },
  userId: string,
  id: string,
  device: { readonly table: string; readonly publicId?: string; readonly privateId?: string; readonly key?: string; readonly usageCounter?: number; readonly sessionCounter?: number; readonly service?: string },
  state: JsonObject,
): Promise<void> {
  assert.equal(state.publicId, device.publicId);
  if (device.table === 'otp_yubikey_remoteyubikeydevice') {
    assert.deepEqual([state.service, state.lastUsageCounter, state.lastSessionCounter], [device.service, null, null]);
    return;
  }
  const key = simulatedKey({ publicId: device.publicId!, privateId: Buffer.from(device.privateId!, 'hex'), aesKey: Buffer.from(device.key!, 'hex') });
  const usage = device.usageCounter!;
  const session = device.sessionCounter!;
  const verify = async (usageCounter: number, sessionCounter: number) => {
    clock.now += 60_000; // past the back-off of the refusals before
    const result = await twofold.verifyToken(userId, id, tokenWith(key, { usageCounter, sessionCounter }));
    return result.ok ? 'ok' : result.reason;
  };
  assert.equal(await verify(usage, session), 'replayed-token', 'the token Django accepted last');
  assert.equal(await verify(usage, session - 1), 'replayed-token', 'an older one');
  const next = tokenWith(key, { usageCounter: usage, sessionCounter: session + 1 });
  clock.now += 60_000;
  assert.equal((await twofold.verifyToken(userId, id, next)).ok, true, 'the next token');
  assert.equal(((await twofold.verifyToken(userId, id, next)) as { reason?: string }).reason, 'replayed-token');
}
