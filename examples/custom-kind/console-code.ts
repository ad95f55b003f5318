/**
 * A user-defined device kind, written only against twofold's public
 * `DeviceKind` interface: the "console code". On request it makes a random
 * 6-digit code, hands it to a `deliver` callback (print it on an operator
 * console, send it through a chat bot, an SMS gateway, ...), and accepts it
 * once, within its lifetime.
 *
 * It is the worked example of docs/devices.md ("Writing your own kind"); the
 * README next to this file walks through every decision. In an application,
 * import from `twofold` instead of the relative source paths used here.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { TwofoldError, normalizeNumericToken } from '../../src/core/index.js';
import type {
  Device,
  DeviceKind,
  JsonObject,
  KindChallengeInput,
  KindChallengeResult,
  KindCreated,
  KindPresentation,
  KindVerifyInput,
  KindVerifyOutcome,
} from '../../src/core/index.js';

/** What the `deliver` callback receives: the only place the plain code ever exists. */
export interface ConsoleCodeDelivery {
  /** The device the code is for (no secrets in it). */
  readonly device: Device<ConsoleCodeState>;
  /** Where to show the code, as given when the device was created. */
  readonly destination: string;
  /** The code itself. Show it to the user; never log it. */
  readonly code: string;
  /** When it stops working. */
  readonly expiresAt: Date;
}

/** Settings of the kind, fixed when it is registered. */
export interface ConsoleCodeConfig {
  /** Sends or shows the code. If it throws, the challenge fails and no code is stored. */
  readonly deliver: (delivery: ConsoleCodeDelivery) => void | Promise<void>;
  /** Code length, 6 to 10 digits. Default 6. */
  readonly digits?: number;
  /** Seconds a code stays valid, 30 to 600 (NIST: at most 10 minutes). Default 300. */
  readonly lifetimeSeconds?: number;
  /** Seconds between two codes for one device (the core enforces it). Default 30. */
  readonly cooldownSeconds?: number;
  /** Throttle back-off factor in seconds. Default 1. */
  readonly throttleFactor?: number;
}

/** Options for a new console-code device. */
export interface ConsoleCodeOptions {
  /** Where codes go: a console name, a chat handle, ... (1 to 200 characters). */
  readonly destination: string;
}

/** What a console-code device keeps: never the code, only its keyed hash and expiry. */
export interface ConsoleCodeState extends JsonObject {
  readonly destination: string;
  /** HMAC-SHA-256 of the outstanding code under the device's secret (base64url), or null. */
  readonly codeHash: string | null;
  /** When the outstanding code expires (ms since the epoch), or null. */
  readonly expiresAt: number | null;
}

/** The kind object returned by {@link consoleCode}. */
export type ConsoleCodeKind = DeviceKind<ConsoleCodeOptions, ConsoleCodeState> & {
  generateChallenge(input: KindChallengeInput<ConsoleCodeState>): Promise<KindChallengeResult<ConsoleCodeState>>;
};

const KIND_NAME = 'console-code';
const HMAC_KEY_BYTES = 32;
const MAX_DESTINATION_LENGTH = 200;

/** A destination as the kind stores it, or null when it cannot be one: trimmed, 1 to 200 characters. */
function cleanDestination(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const destination = input.trim();
  return destination.length === 0 || destination.length > MAX_DESTINATION_LENGTH ? null : destination;
}

/** The destination shown on pages: its first three characters, the rest hidden ("des•••"). */
export function maskConsoleDestination(destination: string): string {
  return `${Array.from(destination).slice(0, 3).join('')}•••`;
}

/**
 * What the pages need to offer the kind: nothing in twofold's flows knows
 * "console-code". The setup wizard asks for a console name (the
 * `destination` steps), sends a first code there and confirms it; sign-in
 * sends a code and takes its digits; the profile, the admin and the JSON API
 * show the masked console name.
 */
function consolePresentation(digits: number): KindPresentation<ConsoleCodeState> {
  return {
    label: 'Operator console',
    hint: 'We show a code on a console you name, such as the screen at your desk.',
    input: { type: 'digits', length: digits },
    role: 'method',
    delivery: { channel: () => 'other', masked: (state) => maskConsoleDestination(state.destination) },
    setup: {
      steps: 'destination',
      selfService: true,
      destination: {
        methods: [KIND_NAME],
        field: 'console',
        inputType: 'text',
        maxLength: MAX_DESTINATION_LENGTH,
        check(input) {
          if (input.trim() === '') return { ok: false, reason: 'empty' };
          const destination = cleanDestination(input);
          return destination === null ? { ok: false, reason: 'invalid' } : { ok: true, value: destination, options: { destination } };
        },
        nameParams: (value) => ({ console: maskConsoleDestination(value) }),
        texts: {
          title: 'Add an operator console',
          intro: 'Enter the name of the console that should show your codes. We will show a code there right away, to check that you can read it.',
          field: 'Console name',
          fieldHint: 'As it is written on the console, for example desk-7.',
          change: 'Use a different console',
          taken: 'This console already shows your codes: it is one of your devices.',
          deviceName: 'Console {console}',
          problems: { empty: 'Enter the name of a console.', invalid: `That is not a console name we can use: at most ${MAX_DESTINATION_LENGTH} characters.` },
        },
      },
    },
  };
}

/**
 * Creates the console-code kind.
 *
 * @example
 * ```ts
 * const twofold = createTwofold({
 *   store,
 *   kinds: [totp(), consoleCode({ deliver: ({ destination, code }) => operatorConsole.show(destination, code) })],
 * });
 * ```
 */
export function consoleCode(config: ConsoleCodeConfig): ConsoleCodeKind {
  const digits = config.digits ?? 6;
  const lifetimeSeconds = config.lifetimeSeconds ?? 300;
  const cooldownSeconds = config.cooldownSeconds ?? 30;
  const throttleFactor = config.throttleFactor ?? 1;
  // Configuration mistakes are programming errors: fail when the kind is built, not at the first login.
  const deliver: unknown = config.deliver;
  if (typeof deliver !== 'function') throw configError('"deliver" must be a function');
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) throw configError('"digits" must be an integer from 6 to 10');
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 30 || lifetimeSeconds > 600) {
    throw configError('"lifetimeSeconds" must be an integer from 30 to 600');
  }
  if (!Number.isFinite(cooldownSeconds) || cooldownSeconds < 0) throw configError('"cooldownSeconds" must be a number ≥ 0');
  if (!Number.isFinite(throttleFactor) || throttleFactor < 0) throw configError('"throttleFactor" must be a number ≥ 0');

  return {
    name: KIND_NAME,
    throttleFactor,
    cooldownSeconds,
    presentation: consolePresentation(digits),

    // The secret is an HMAC key, encrypted at rest by the core. A 6-digit code has only a million
    // values, so a plain hash in the database would be reversed instantly; a keyed one is not.
    create(options: ConsoleCodeOptions): KindCreated<ConsoleCodeState> {
      const destination: unknown = (options as Partial<ConsoleCodeOptions> | undefined)?.destination;
      if (typeof destination !== 'string' || cleanDestination(destination) === null) {
        throw new TwofoldError('INVALID_OPTIONS', `${KIND_NAME}: option "destination" must be a non-empty string of at most 200 characters`);
      }
      return {
        secret: new Uint8Array(randomBytes(HMAC_KEY_BYTES)),
        state: { destination, codeHash: null, expiresAt: null },
      };
    },

    // Storage is outside our control: check every field, and say "corrupt" rather than guess.
    parseState(state: JsonObject): ConsoleCodeState {
      const { destination, codeHash, expiresAt } = state;
      const pending = typeof codeHash === 'string' && /^[A-Za-z0-9_-]{43}$/.test(codeHash) && typeof expiresAt === 'number' && Number.isFinite(expiresAt);
      const idle = codeHash === null && expiresAt === null;
      if (typeof destination !== 'string' || !(pending || idle)) {
        throw new TwofoldError('CORRUPT_DEVICE', `${KIND_NAME}: stored state is corrupt`);
      }
      return { destination, codeHash, expiresAt };
    },

    // Accept what people type ("123 456", full-width digits); anything else is not a token at all.
    normalizeToken(input: string): string | null {
      return normalizeNumericToken(input, digits);
    },

    async generateChallenge(input: KindChallengeInput<ConsoleCodeState>): Promise<KindChallengeResult<ConsoleCodeState>> {
      const key = requireKey(input.secret);
      // randomInt draws without modulo bias; padStart keeps leading zeros.
      const code = randomInt(0, 10 ** digits).toString().padStart(digits, '0');
      const expiresAt = input.now + lifetimeSeconds * 1000;
      // Deliver first: if delivery throws, the core stores nothing and the old code (if any) stays as it was.
      await config.deliver({ device: input.device, destination: input.state.destination, code, expiresAt: new Date(expiresAt) });
      return {
        // A new code replaces the previous one: at most one live code per device.
        state: { ...input.state, codeHash: keyedHash(key, code), expiresAt },
        message: `A ${digits}-digit code was sent to ${input.state.destination}.`,
      };
    },

    // Pure: no clock reads (use input.now), no I/O. The core persists the returned state with a
    // compare-and-swap, which is what makes "single use" hold under concurrency.
    verify(input: KindVerifyInput<ConsoleCodeState>): KindVerifyOutcome<ConsoleCodeState> {
      const { state } = input;
      if (state.codeHash === null || state.expiresAt === null) return { match: false, reason: 'invalid' };
      const expected = Buffer.from(state.codeHash, 'base64url');
      const actual = Buffer.from(keyedHash(requireKey(input.secret), input.token), 'base64url');
      if (!timingSafeEqual(expected, actual)) return { match: false, reason: 'invalid' };
      if (input.now >= state.expiresAt) return { match: false, reason: 'expired' };
      // Clearing the hash is what makes the code single-use.
      return { match: true, state: { ...state, codeHash: null, expiresAt: null } };
    },
  };
}

function keyedHash(key: Uint8Array, code: string): string {
  return createHmac('sha256', key).update(code, 'utf8').digest('base64url');
}

function requireKey(secret: Uint8Array | null): Uint8Array {
  if (secret === null || secret.length !== HMAC_KEY_BYTES) throw new TwofoldError('CORRUPT_DEVICE', `${KIND_NAME}: the device has no usable key`);
  return secret;
}

function configError(message: string): TwofoldError {
  return new TwofoldError('INVALID_CONFIG', `${KIND_NAME}: ${message}`);
}
