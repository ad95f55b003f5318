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
  | 'STORE_ERROR'
  /**
   * The database cannot be reached right now (connection refused or timed
   * out, pool exhausted past its wait limit). Transient: answer 503 and let
   * the client retry after {@link TwofoldError.retryAfterSeconds}.
   */
  | 'STORE_UNAVAILABLE'
  /** A gateway could not hand a message (SMS, call, e-mail) to its provider. */
  | 'DELIVERY_FAILED';

/** An error raised by twofold, with a stable {@link TwofoldErrorCode}. */
export class TwofoldError extends Error {
  /** Stable machine-readable code. */
  readonly code: TwofoldErrorCode;
  /** For transient errors (`STORE_UNAVAILABLE`): seconds after which a retry may succeed; otherwise undefined. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: TwofoldErrorCode, message: string, options?: ErrorOptions & { readonly retryAfterSeconds?: number }) {
    super(message, options);
    this.name = 'TwofoldError';
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** Whether `error` is a {@link TwofoldError}, optionally with the given code. */
export function isTwofoldError(error: unknown, code?: TwofoldErrorCode): error is TwofoldError {
  return error instanceof TwofoldError && (code === undefined || error.code === code);
}
