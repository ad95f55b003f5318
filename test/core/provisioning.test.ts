import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTwofold } from '../../src/core/twofold.js';
import { provisioningAccountName } from '../../src/core/provisioning.js';
import { isTwofoldError } from '../../src/core/errors.js';
import type { DeviceKind } from '../../src/core/types.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { createOtpauthURI, parseOtpauthURI } from '../../src/oath/index.js';
import { SECRET_A, sequenceKind, type SequenceOptions, type SequenceState } from './fixtures.js';

/** The sequence kind with an `otpauth://hotp` URI, as an authenticator-app kind has. */
function appKind(): DeviceKind<SequenceOptions, SequenceState> {
  return {
    ...sequenceKind({ name: 'app' }),
    configUrl: ({ secret, state, accountName, issuer, image }) =>
      createOtpauthURI({ type: 'hotp', key: secret!, counter: state.counter, accountName, issuer, image }),
  };
}

async function deviceOf(userId: string) {
  const twofold = createTwofold({ store: createMemoryStore(), kinds: [appKind()], secrets: [SECRET_A] });
  const device = await twofold.createDevice({ userId, kind: 'app', options: { key: randomBytes(20) } });
  return { twofold, device };
}

const coded = (code: string) => (error: unknown) => isTwofoldError(error) && error.code === code && !(error instanceof RangeError);

describe('provisioning account names', () => {
  it('cleans names with colons, control characters and runs of spaces', () => {
    assert.equal(provisioningAccountName('carol:admin'), 'carol-admin');
    assert.equal(provisioningAccountName('github:12345'), 'github-12345');
    assert.equal(provisioningAccountName('  ann\t\u0000 lee '), 'ann lee');
    assert.equal(provisioningAccountName('\u0001', 'user:7'), 'user-7', 'the fallback is cleaned too');
    assert.throws(() => provisioningAccountName(' \u0002 '), coded('INVALID_ARGUMENT'));
    assert.throws(() => provisioningAccountName('', '\u0003'), coded('INVALID_ARGUMENT'));
  });

  it('puts a user id with a colon into the URI instead of throwing (the default account name)', async () => {
    const { twofold, device } = await deviceOf('github:12345');
    const uri = parseOtpauthURI(await twofold.configUrl(device));
    assert.equal(uri.accountName, 'github-12345');
    assert.match(await twofold.qrCodeSvg(device), /^<svg/);
  });

  it('cleans a given account name the same way', async () => {
    const { twofold, device } = await deviceOf('7');
    const uri = parseOtpauthURI(await twofold.configUrl(device, { accountName: 'carol:admin', issuer: 'ACME' }));
    assert.equal(uri.accountName, 'carol-admin');
    assert.equal(uri.issuer, 'ACME');
  });

  it('answers a name with nothing printable, or a bad issuer, with a coded error instead of a RangeError', async () => {
    const { twofold, device } = await deviceOf('7');
    await assert.rejects(twofold.configUrl(device, { accountName: '\u0001\u0002' }), coded('INVALID_ARGUMENT'));
    await assert.rejects(twofold.configUrl(device, { issuer: 'bad\u0000issuer' }), coded('INVALID_ARGUMENT'));
    await assert.rejects(twofold.qrCodePng(device, { accountName: ' ' }), coded('INVALID_ARGUMENT'));
  });
});
