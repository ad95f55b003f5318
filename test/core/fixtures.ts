/**
 * Test kinds that exercise the core's shared rules without depending on the
 * OATH code: `sequence` accepts the code of its current counter (HOTP-like),
 * `sent` is an interactive kind whose challenge hands a code to a callback.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { TwofoldError } from '../../src/core/errors.js';
import { normalizeNumericToken } from '../../src/core/normalize.js';
import type { DeviceKind } from '../../src/core/types.js';

/** The valid code of `sequence` devices for a counter value. */
export function sequenceCode(secret: Uint8Array, counter: number): string {
  const digest = createHash('sha256').update(secret).update(String(counter)).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/** State of `sequence` devices. */
export type SequenceState = { counter: number };

/** Options of `sequence` devices. */
export interface SequenceOptions {
  readonly key?: Uint8Array;
  readonly counter?: number;
}

/** A deterministic HOTP-like kind for core tests. */
export function sequenceKind(config: { throttleFactor?: number; name?: string } = {}): DeviceKind<SequenceOptions, SequenceState> {
  return {
    name: config.name ?? 'sequence',
    throttleFactor: config.throttleFactor ?? 1,
    create(options) {
      if (options.counter !== undefined && (!Number.isSafeInteger(options.counter) || options.counter < 0)) {
        throw new TwofoldError('INVALID_OPTIONS', 'counter must be a non-negative integer');
      }
      return { secret: options.key ?? randomBytes(20), state: { counter: options.counter ?? 0 } };
    },
    parseState(state) {
      const counter = state.counter;
      if (typeof counter !== 'number' || !Number.isSafeInteger(counter) || counter < 0) {
        throw new TwofoldError('CORRUPT_DEVICE', 'counter must be a non-negative integer');
      }
      return { counter };
    },
    normalizeToken: (input) => normalizeNumericToken(input, 6),
    verify({ token, secret, state }) {
      if (secret === null) throw new Error('sequence devices need a secret');
      if (token === sequenceCode(secret, state.counter)) return { match: true, state: { counter: state.counter + 1 } };
      if (state.counter > 0 && token === sequenceCode(secret, state.counter - 1)) return { match: false, reason: 'replayed' };
      return { match: false, reason: 'invalid' };
    },
  };
}

/** State of `sent` devices: the hash and expiry of the last code. */
export type SentState = { hash: string | null; expiresAt: number | null };

/** An interactive kind: codes are handed to `deliver`, which may throw to simulate a failed send. */
export function sentKind(deliver: (code: string) => void | Promise<void>, config: { cooldownSeconds?: number } = {}): DeviceKind<object, SentState> {
  const hash = (code: string) => createHash('sha256').update(code).digest('hex');
  return {
    name: 'sent',
    throttleFactor: 1,
    cooldownSeconds: config.cooldownSeconds ?? 60,
    create: () => ({ secret: null, state: { hash: null, expiresAt: null } }),
    parseState(state) {
      const { hash: h, expiresAt } = state;
      if ((h !== null && typeof h !== 'string') || (expiresAt !== null && typeof expiresAt !== 'number')) {
        throw new TwofoldError('CORRUPT_DEVICE', 'bad sent state');
      }
      return { hash: h, expiresAt };
    },
    normalizeToken: (input) => normalizeNumericToken(input, 6),
    verify({ token, state, now }) {
      if (state.hash === null || state.expiresAt === null) return { match: false, reason: 'invalid' };
      const equal = timingSafeEqual(Buffer.from(hash(token), 'hex'), Buffer.from(state.hash, 'hex'));
      if (!equal) return { match: false, reason: 'invalid' };
      if (now >= state.expiresAt) return { match: false, reason: 'expired' };
      return { match: true, state: { hash: null, expiresAt: null } };
    },
    async generateChallenge({ now }) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await deliver(code);
      return { state: { hash: hash(code), expiresAt: now + 300_000 }, message: 'sent' };
    },
  };
}

/** Two fixed secrets for rotation tests. */
export const SECRET_A = 'a'.repeat(16) + 'secret-number-one-for-tests';
export const SECRET_B = 'b'.repeat(16) + 'secret-number-two-for-tests';

/** A logger that records what it is told. */
export function recordingLogger(): { warn(m: string): void; error(m: string): void; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}
