/**
 * Names for the checks a WebAuthn response can fail, so that callers (and
 * tests) can tell a wrong origin from a bad signature without parsing the
 * library's messages.
 */

/** Which check refused a registration or an assertion. */
export type WebAuthnCheck =
  /** Not a WebAuthn response at all (missing fields, bad encoding). */
  | 'malformed'
  /** `clientDataJSON.type` is not the one of this ceremony (`webauthn.create` / `webauthn.get`). */
  | 'type'
  /** The signed challenge is not the one taken for this ceremony. */
  | 'challenge'
  /** The page's origin is not one of the configured origins. */
  | 'origin'
  /** The authenticator data is for another relying party id. */
  | 'rp-id'
  /** The user-present flag is not set. */
  | 'user-presence'
  /** User verification was required and not done. */
  | 'user-verification'
  /** The signature does not verify with the stored public key. */
  | 'signature'
  /** A public-key algorithm that was not offered. */
  | 'algorithm'
  /** Backed up without being backup eligible, or backup eligibility changed since registration. */
  | 'backup-flags'
  /** The credential is not this device's, or is too long. */
  | 'credential'
  /** The user handle in the assertion is not the user's. */
  | 'user-handle'
  /** The signature counter did not increase (possible clone). */
  | 'counter'
  /** The attestation does not satisfy the configured policy. */
  | 'attestation';

const PATTERNS: readonly (readonly [RegExp, WebAuthnCheck])[] = [
  [/response type/i, 'type'],
  [/challenge/i, 'challenge'],
  [/origin/i, 'origin'],
  [/RP ID/i, 'rp-id'],
  [/user verification|could not be verified/i, 'user-verification'],
  [/not present|user presence/i, 'user-presence'],
  [/alg/i, 'algorithm'],
  [/backed up|backup/i, 'backup-flags'],
  [/attestation|certificate/i, 'attestation'],
];

/** Maps an error thrown by `@simplewebauthn/server` to the check it reports. */
export function checkOfLibraryError(error: unknown): WebAuthnCheck {
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, check] of PATTERNS) if (pattern.test(message)) return check;
  return 'malformed';
}

/**
 * The library's message for logs: at most 200 characters, control characters
 * replaced, since it may quote values the client sent (an origin, a type).
 */
export function describeLibraryError(error: unknown): string {
  // eslint-disable-next-line no-control-regex
  const message = (error instanceof Error ? error.message : String(error)).replace(/[\u0000-\u001f\u007f]/g, '?');
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}
