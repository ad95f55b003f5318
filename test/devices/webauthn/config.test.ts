/** The relying-party configuration: mismatches browsers would refuse fail at start with a clear message. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isTwofoldError } from '../../../src/core/errors.js';
import { resolveWebAuthnConfig, webauthn, type WebAuthnConfig } from '../../../src/devices/webauthn/index.js';

const BASE: WebAuthnConfig = { rpId: 'example.com', rpName: 'Example', origins: ['https://example.com'] };

function refused(config: Partial<WebAuthnConfig> | Record<string, unknown>, pattern: RegExp): void {
  assert.throws(
    () => webauthn({ ...BASE, ...config }),
    (error: unknown) => isTwofoldError(error, 'INVALID_CONFIG') && pattern.test(error.message),
    JSON.stringify(config),
  );
}

describe('webauthn configuration', () => {
  it('fills in the defaults and normalises origins', () => {
    const resolved = resolveWebAuthnConfig({ rpId: 'Example.COM', rpName: ' Example ', origins: ['https://example.com/', 'https://login.example.com:443', 'https://example.com'] });
    assert.deepEqual(resolved, {
      rpId: 'example.com',
      rpName: 'Example',
      origins: ['https://example.com', 'https://login.example.com'],
      userVerification: 'preferred',
      challengeTimeoutMs: 300_000,
      counterRegression: 'refuse',
      attestation: 'none',
      residentKey: 'preferred',
      throttleFactor: 1,
    });
  });

  it('accepts localhost over http during development, and ports', () => {
    const resolved = resolveWebAuthnConfig({ rpId: 'localhost', rpName: 'Dev', origins: ['http://localhost:3000', 'https://localhost:8443'] });
    assert.deepEqual(resolved.origins, ['http://localhost:3000', 'https://localhost:8443']);
  });

  it('refuses an origin outside the rp id, http elsewhere than localhost, and origins with more than scheme, host and port', () => {
    refused({ origins: ['https://example.org'] }, /not on the rp id "example.com"/);
    refused({ origins: ['https://notexample.com'] }, /not on the rp id/);
    refused({ rpId: 'login.example.com', origins: ['https://example.com'] }, /not on the rp id/);
    refused({ origins: ['http://example.com'] }, /only on localhost; use https/);
    refused({ origins: ['https://example.com/login'] }, /only scheme, host and port/);
    refused({ origins: ['https://user@example.com'] }, /only scheme, host and port/);
    refused({ origins: ['ftp://example.com'] }, /must use https/);
    refused({ origins: ['example.com'] }, /not a URL/);
    refused({ origins: [] }, /at least one origin/);
  });

  it('refuses an rp id that is an IP address, has a scheme or a port, or is no domain', () => {
    refused({ rpId: '127.0.0.1', origins: ['https://127.0.0.1'] }, /IP address/);
    refused({ rpId: '::1' }, /IP address/);
    refused({ rpId: '[::1]' }, /IP address/);
    refused({ rpId: 'https://example.com' }, /no scheme/);
    refused({ rpId: 'example.com:443' }, /port/);
    refused({ rpId: 'exa mple.com' }, /not a valid domain/);
    refused({ rpId: '' }, /rpId must be/);
  });

  it('refuses unknown policies and a trusted attestation without roots', () => {
    refused({ userVerification: 'always' }, /userVerification must be one of/);
    refused({ counterRegression: 'ignore' }, /counterRegression/);
    refused({ challengeTimeoutSeconds: 5 }, /from 30 to 3600/);
    refused({ attestation: { trusted: { rootCertificates: [], aaguids: ['cb69481e-8ff7-4039-93ec-0a2729a154a8'] } } }, /AAGUIDs alone prove nothing/);
    refused({ attestation: { trusted: { rootCertificates: ['not pem'] } } }, /PEM/);
    refused({ attestation: 'direct' }, /attestation must be/);
    refused({ rpName: '' }, /rpName/);
  });
});
