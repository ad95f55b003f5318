/**
 * django-two-factor-auth's WebAuthn credentials (`two_factor_webauthn_webauthndevice`,
 * its `two_factor.plugins.webauthn` app) become `webauthn` devices. The
 * plugin keeps the credential id (`key_handle`), the COSE public key
 * (`public_key`, sealed as the device secret here) and the sign count;
 * what it does not keep is filled in as a registration that disclosed
 * nothing: no transports, no AAGUID, attestation `none`, and backup
 * eligibility learnt at the first assertion.
 */
import { createHash } from 'node:crypto';
import { integerOf, type DjangoDeviceTable } from './common.js';

const NO_AAGUID = '00000000-0000-0000-0000-000000000000';

/** base64url without padding from the plugin's text (it writes base64url; plain base64 is accepted too). */
function base64url(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return /^[A-Za-z0-9_-]+$/.test(text) ? text : null;
}

/**
 * The WebAuthn user handle two-factor gave a Django user: the hex SHA-1 of the
 * primary key's text, as bytes. Kept, so that passkeys returning it still match.
 */
export function djangoWebAuthnUserHandle(djangoUser: string): string {
  return Buffer.from(createHash('sha1').update(djangoUser, 'utf8').digest('hex'), 'utf8').toString('base64url');
}

export const webauthnTable: DjangoDeviceTable = {
  table: 'two_factor_webauthn_webauthndevice',
  kind: 'webauthn',
  columns: ['public_key', 'key_handle', 'sign_count'],
  map({ djangoUser, row }) {
    const credentialId = base64url(row.key_handle);
    const publicKey = base64url(row.public_key);
    if (credentialId === null || publicKey === null) return { ok: false, reason: 'key_handle or public_key is not base64url' };
    const counter = integerOf(row.sign_count);
    if (counter === null || counter < 0 || counter > 0xffffffff) return { ok: false, reason: `sign_count ${String(row.sign_count)} is not a WebAuthn counter` };
    return {
      ok: true,
      options: {
        credentialId,
        publicKey: Uint8Array.from(Buffer.from(publicKey, 'base64url')),
        counter,
        transports: [],
        backupEligible: null,
        backedUp: false,
        aaguid: NO_AAGUID,
        userVerified: false,
        attestationFormat: 'none',
        userHandle: djangoWebAuthnUserHandle(djangoUser),
      },
    };
  },
};
