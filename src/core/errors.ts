/**
 * Every error twofold throws on purpose is a {@link TwofoldError} with a
 * stable `code`, so that callers can branch on it without parsing messages.
 */

/** The stable codes of {@link TwofoldError}. */
export type TwofoldErrorCode =
  /** Configuration passed to twofold is unusable (missing key in production, bad clock, ...). */
  | 'INVALID_CONFIG'
  /** Arguments to an API call are of the wrong type or out of range. */
  | 'INVALID_ARGUMENT'
  /** Options for creating a device are invalid for its kind. */
  | 'INVALID_OPTIONS'
  /** A device kind is not registered with this instance. */
  | 'UNKNOWN_KIND'
  /** The device does not exist or belongs to another user. */
  | 'DEVICE_NOT_FOUND'
  /** A device for the same physical token (the same YubiKey) is already registered, to this or another user. */
  | 'DEVICE_EXISTS'
  /** A remote service needed to verify a token (a YubiKey validation server) gave no trustworthy answer: try again later. */
  | 'SERVICE_UNAVAILABLE'
  /** A stored device could not be read: corrupt state or a secret that does not decrypt. */
  | 'CORRUPT_DEVICE'
  /** Encryption or decryption failed (wrong key, tampered ciphertext). */
  | 'DECRYPTION_FAILED'
  /** A concurrent writer kept winning; the operation was abandoned. */
  | 'CONTENTION'
  /** A storage operation failed. */
  | 'STORE_ERROR';

/** An error raised by twofold, with a stable {@link TwofoldErrorCode}. */
export class TwofoldError extends Error {
  /** Stable machine-readable code. */
  readonly code: TwofoldErrorCode;

  constructor(code: TwofoldErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TwofoldError';
    this.code = code;
  }
}

/** Whether `error` is a {@link TwofoldError}, optionally with the given code. */
export function isTwofoldError(error: unknown, code?: TwofoldErrorCode): error is TwofoldError {
  return error instanceof TwofoldError && (code === undefined || error.code === code);
}
