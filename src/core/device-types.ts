/**
 * The device as the core hands it out, and the JSON its kind-specific state
 * is made of: what every layer above the core sees of a device.
 */

/** A JSON value, as kept in a device's `state`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object, as kept in a device's `state`. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * A device as the core hands it out: no key material, dates as `Date`.
 * Obtain fresh copies from the twofold instance; they are snapshots.
 */
export interface Device<State extends JsonObject = JsonObject> {
  /** `kind/id`: store it in a session and load the device again with it. */
  readonly persistentId: string;
  readonly id: string;
  readonly userId: string;
  readonly kind: string;
  readonly name: string;
  readonly confirmed: boolean;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  /** Kind-specific state (no secrets). */
  readonly state: Readonly<State>;
  /** Whether the kind sends challenges (email, SMS, ...). */
  readonly interactive: boolean;
  /** Consecutive failures since the last success. */
  readonly failureCount: number;
  /** Until when verification is refused, or null when it is allowed now. */
  readonly lockedUntil: Date | null;
  /** When the next challenge may be generated, or null when it may be now. */
  readonly nextChallengeAt: Date | null;
}
