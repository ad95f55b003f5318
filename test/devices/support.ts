/**
 * Helpers for kind-level tests: an independent HOTP oracle (the otpauth
 * package, not our own OATH code, so that a shared bug cannot hide), and a
 * tiny harness that drives a kind the way the core does (normalise, verify,
 * persist the returned state through a JSON round trip and parseState).
 */
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import type { Device, DeviceKind, JsonObject, KindVerifyOutcome } from '../../src/core/types.js';
import { isTwofoldError } from '../../src/core/errors.js';
import type { TwofoldErrorCode } from '../../src/core/errors.js';

/** Bytes of a hex string. */
export function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** Bytes of an ASCII string (the RFC test keys). */
export function ascii(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** HOTP token from the otpauth package, used as an independent reference. */
export function referenceHotp(key: Uint8Array, counter: number, digits = 6, algorithm = 'SHA1'): string {
  return OTPAuth.HOTP.generate({ secret: new OTPAuth.Secret({ buffer: Uint8Array.from(key).buffer }), counter, digits, algorithm });
}

/** A device as the harness keeps it: decrypted secret and stored state. */
export interface TestDevice<State extends JsonObject> {
  secret: Uint8Array | null;
  state: State;
}

/** What one harness verification returned. */
export type Attempt<State extends JsonObject> = KindVerifyOutcome<State> | { readonly match: false; readonly reason: 'malformed' };

/** Creates a device with `kind.create` and stores its state as the core would (JSON). */
export async function createDevice<Options, State extends JsonObject>(kind: DeviceKind<Options, State>, options: Options): Promise<TestDevice<State>> {
  const created = await kind.create(options);
  return { secret: created.secret, state: store(kind, created.state) };
}

/**
 * Normalises and verifies `input` like the core; on success the new state is
 * persisted into `device` (through JSON and parseState).
 */
export async function attempt<Options, State extends JsonObject>(
  kind: DeviceKind<Options, State>,
  device: TestDevice<State>,
  input: string,
  now: number,
): Promise<Attempt<State>> {
  const token = kind.normalizeToken(input, device.state);
  if (token === null) return { match: false, reason: 'malformed' };
  const outcome = await kind.verify({ token, secret: device.secret, state: device.state, now });
  if (outcome.match) device.state = store(kind, outcome.state);
  return outcome;
}

/** Whether `input` verifies (and is consumed) at `now`. */
export async function accepts<Options, State extends JsonObject>(
  kind: DeviceKind<Options, State>,
  device: TestDevice<State>,
  input: string,
  now: number,
): Promise<boolean> {
  return (await attempt(kind, device, input, now)).match;
}

/** The reason of a failed attempt, or 'match'. */
export async function outcomeOf<Options, State extends JsonObject>(
  kind: DeviceKind<Options, State>,
  device: TestDevice<State>,
  input: string,
  now: number,
): Promise<string> {
  const result = await attempt(kind, device, input, now);
  return result.match ? 'match' : result.reason;
}

/** Round-trips state through JSON and the kind's parser, as storage would. */
export function store<Options, State extends JsonObject>(kind: DeviceKind<Options, State>, state: State): State {
  const json = JSON.parse(JSON.stringify(state)) as JsonObject;
  return kind.parseState(json);
}

/** Asserts that `action` throws a TwofoldError with `code` whose message matches `message`. */
export function assertTwofoldError(action: () => unknown, code: TwofoldErrorCode, message?: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(isTwofoldError(error, code), `expected TwofoldError ${code}, got ${String(error)}`);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

/** Async variant of {@link assertTwofoldError}. */
export async function assertRejectsTwofold(action: () => Promise<unknown>, code: TwofoldErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(action, (error: unknown) => {
    assert.ok(isTwofoldError(error, code), `expected TwofoldError ${code}, got ${String(error)}`);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

/** A {@link Device} snapshot around `state`, for functions that take one. */
export function fakeDevice<State extends JsonObject>(kind: string, state: State): Device<State> {
  return {
    persistentId: `${kind}/dev_test`,
    id: 'dev_test',
    userId: 'alice',
    kind,
    name: 'Test device',
    confirmed: true,
    createdAt: new Date(0),
    lastUsedAt: null,
    state,
    interactive: false,
    failureCount: 0,
    lockedUntil: null,
    nextChallengeAt: null,
  };
}
