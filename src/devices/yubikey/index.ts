/**
 * The `yubikey` device kind: Yubico OTP validated locally, for organisations
 * that program their own keys and so know each key's AES key.
 *
 * A token is the key's public id followed by 32 modhex characters: one
 * AES-128 block holding the private id, the counters, a timer, random bytes
 * and a CRC. A token is accepted when the block decrypts with the device's
 * key, its CRC holds, its private id is the device's, and its (usage
 * counter, session counter) pair comes strictly after the last accepted one.
 * That pair is the device's state, written by the core's compare-and-swap,
 * so a token is accepted at most once, across every process.
 *
 * @packageDocumentation
 */
import { yubikeyPresentation } from './presentation.js';
import type { DeviceKind, JsonObject, KindCreated, KindVerifyInput, KindVerifyOutcome } from '../../core/types.js';
import { TwofoldError } from '../../core/errors.js';
import { invalidOption, readOptionBag, readThrottleFactor } from '../hotp/settings.js';
import type { KeyboardLayout } from './layouts.js';
import { modhexDecode } from './modhex.js';
import { OTP_BLOCK_BYTES, PRIVATE_ID_BYTES, decryptBlock, isAfter, parseBlock, samePrivateId, type OtpFields } from './otp.js';
import { lastPair, stateCounters, statePublicId, type YubikeyCounters } from './state.js';
import {
  diagnoseYubikeyToken,
  joinCandidates,
  readLayoutsConfig,
  readPublicIdOption,
  splitCandidates,
  tokenCandidates,
  typedPublicId,
  yubikeyDeviceId,
  type YubikeyTokenDiagnosis,
} from './token.js';

export { KEYBOARD_LAYOUTS, detectLayout, readTypedToken } from './layouts.js';
export type { KeyboardLayout, LayoutReading } from './layouts.js';
export { MODHEX_ALPHABET, hexToModhex, isModhex, modhexDecode, modhexEncode, modhexToHex } from './modhex.js';
export { CRC_RESIDUE, MAX_SESSION_COUNTER, MAX_USAGE_COUNTER, crc16, decryptBlock, isAfter, parseBlock } from './otp.js';
export type { CounterPair, OtpFields } from './otp.js';
export { diagnoseYubikeyToken, isPublicId, yubikeyDeviceId, MAX_PUBLIC_ID_LENGTH, MIN_PUBLIC_ID_LENGTH } from './token.js';
export type { YubikeyTokenDiagnosis, YubikeyTokenProblem } from './token.js';
export type { YubikeyCounters } from './state.js';

/** The kind's name, stored with every locally validated YubiKey. */
export const YUBIKEY_KIND_NAME = 'yubikey';

/** Kind-level settings, fixed when the kind is registered. */
export interface YubikeyConfig {
  /** Throttle back-off factor in seconds (see {@link DeviceKind.throttleFactor}). Default 1. */
  readonly throttleFactor?: number;
  /** Keyboard layouts whose tokens are mapped back to modhex. Default: every recognised layout. */
  readonly layouts?: readonly KeyboardLayout[];
  /**
   * The host's records of the keys it programmed, by public id (its own
   * database, or what the personalisation tool wrote when the keys were
   * programmed); null for a public id it does not know. With it, a user
   * registers a key by touching it in the setup wizard (and the JSON API):
   * the token's public id finds the record and the token is checked against
   * it. Without it, keys are registered by the admin or the CLI with their
   * key material.
   */
  readonly programmedKeys?: (publicId: string) => ProgrammedYubikey | null | Promise<ProgrammedYubikey | null>;
}

/** The key material of a programmed YubiKey, as the host recorded it. */
export interface ProgrammedYubikey {
  /** The 6-byte private id the key was programmed with. */
  readonly privateId: Uint8Array;
  /** The 16-byte AES key the key was programmed with. */
  readonly aesKey: Uint8Array;
}

/**
 * Options for registering a programmed YubiKey: its key material (the admin,
 * the CLI), or only a fresh token when the kind has `programmedKeys` (the
 * setup wizard: the token's public id finds the material).
 */
export type YubikeyOptions = YubikeyKeyOptions | { readonly otp: string };

/** Options for registering a programmed YubiKey with its key material. */
export interface YubikeyKeyOptions {
  /** The key's public id, in modhex: the first characters of every token it types (usually 12). */
  readonly publicId: string;
  /** The 6-byte private id the key was programmed with. */
  readonly privateId: Uint8Array;
  /** The 16-byte AES key the key was programmed with. */
  readonly aesKey: Uint8Array;
  /**
   * Optionally, a fresh token from the key: it is checked against the key
   * material (a typo in a hex string fails here, not at the first sign-in)
   * and sets the counters, so that no token typed before registration works.
   */
  readonly otp?: string;
}

/** What a `yubikey` device keeps in its state; the AES key and private id are its (encrypted) secret. */
export interface YubikeyState extends JsonObject, YubikeyCounters {
  readonly publicId: string;
}

/** The `yubikey` kind object: a {@link DeviceKind} that can also explain a refused input. */
export interface YubikeyKind extends DeviceKind<YubikeyOptions, YubikeyState> {
  /** Why `input` is not a token of this device, for pages to translate (see {@link diagnoseYubikeyToken}). */
  diagnoseToken(input: unknown, state: YubikeyState): YubikeyTokenDiagnosis;
}

const OPTION_NAMES = ['publicId', 'privateId', 'aesKey', 'otp'] as const;
const CONFIG_NAMES = ['throttleFactor', 'layouts', 'programmedKeys'];
const SECRET_BYTES = OTP_BLOCK_BYTES + PRIVATE_ID_BYTES;

/**
 * Creates the `yubikey` kind (local validation).
 *
 * @example
 * ```ts
 * const twofold = createTwofold({ store, kinds: [totp(), yubikey()], secrets });
 * await twofold.createDevice({
 *   userId: 'alice',
 *   kind: 'yubikey',
 *   options: { publicId: 'vvccccbcgujh', privateId: Buffer.from('8792ebfe26cc', 'hex'), aesKey: Buffer.from('ecde18dbe76fbd0c33330f1c354871db', 'hex') },
 * });
 * ```
 */
export function yubikey(config: YubikeyConfig = {}): YubikeyKind {
  for (const key of Object.keys(config)) {
    if (!CONFIG_NAMES.includes(key)) throw new TwofoldError('INVALID_CONFIG', `${YUBIKEY_KIND_NAME}: unknown setting "${key}" (allowed: ${CONFIG_NAMES.join(', ')})`);
  }
  const throttleFactor = readThrottleFactor(YUBIKEY_KIND_NAME, config.throttleFactor);
  const layouts = readLayoutsConfig(YUBIKEY_KIND_NAME, config.layouts);
  const { programmedKeys } = config;
  if (programmedKeys !== undefined && typeof programmedKeys !== 'function') {
    throw new TwofoldError('INVALID_CONFIG', `${YUBIKEY_KIND_NAME}: "programmedKeys" must be a function from a public id to the key's material`);
  }

  /** The material of a key and a fresh token from it: the device, with its counters set by the token when there is one. */
  function created(publicId: string, privateIdValue: unknown, aesKeyValue: unknown, otp: unknown): KindCreated<YubikeyState> {
    const privateId = readBytesOption('privateId', privateIdValue, PRIVATE_ID_BYTES);
    const aesKey = readBytesOption('aesKey', aesKeyValue, OTP_BLOCK_BYTES);
    const secret = new Uint8Array(SECRET_BYTES);
    secret.set(aesKey, 0);
    secret.set(privateId, OTP_BLOCK_BYTES);
    let state: YubikeyState = { publicId, lastUsageCounter: null, lastSessionCounter: null };
    if (otp !== undefined) {
      const outcome = verifyYubikey({ token: joinCandidates(tokenCandidates(otp, publicId, layouts)) ?? '', secret, state, now: 0 });
      if (!outcome.match) throw invalidOption(YUBIKEY_KIND_NAME, 'option "otp" is not a token of this key (check the public id, private id and AES key)');
      state = outcome.state;
    }
    return { secret, state, id: yubikeyDeviceId(publicId) };
  }

  /** A key registered by a token alone: its material from the host's records. */
  async function createFromRecords(lookup: NonNullable<YubikeyConfig['programmedKeys']>, otp: unknown): Promise<KindCreated<YubikeyState>> {
    const publicId = typedPublicId(otp);
    if (publicId === null) throw invalidOption(YUBIKEY_KIND_NAME, 'option "otp" is not a YubiKey token');
    const record = await lookup(publicId);
    if (record === null) throw invalidOption(YUBIKEY_KIND_NAME, 'option "otp" comes from a key that is not among the programmed keys');
    return created(publicId, record.privateId, record.aesKey, otp);
  }

  return {
    name: YUBIKEY_KIND_NAME,
    // The key's AES secret never leaves it, but the typed OTP can be relayed by a look-alike site.
    assurance: () => ({ authenticator: 'single-factor-otp', phishingResistant: false, hardwareBound: true, aal2: true }),
    // With the host's records a touch registers a key; without them, the admin or the CLI does, with the key material.
    presentation: yubikeyPresentation({ selfService: programmedKeys !== undefined }),
    throttleFactor,
    // One AES block decrypted locally, synchronous.
    instantVerify: true,

    create(options: YubikeyOptions): KindCreated<YubikeyState> | Promise<KindCreated<YubikeyState>> {
      const bag = readOptionBag(YUBIKEY_KIND_NAME, options, OPTION_NAMES);
      const tokenOnly = bag.publicId === undefined && bag.privateId === undefined && bag.aesKey === undefined;
      if (tokenOnly && programmedKeys !== undefined && bag.otp !== undefined) return createFromRecords(programmedKeys, bag.otp);
      return created(readPublicIdOption(YUBIKEY_KIND_NAME, bag.publicId), bag.privateId, bag.aesKey, bag.otp);
    },

    parseState(state: JsonObject): YubikeyState {
      return { publicId: statePublicId(YUBIKEY_KIND_NAME, state), ...stateCounters(YUBIKEY_KIND_NAME, state) };
    },

    normalizeToken(input: string, state: YubikeyState): string | null {
      return joinCandidates(tokenCandidates(input, state.publicId, layouts));
    },

    verify(input: KindVerifyInput<YubikeyState>): KindVerifyOutcome<YubikeyState> {
      return verifyYubikey(input);
    },

    diagnoseToken(input: unknown, state: YubikeyState): YubikeyTokenDiagnosis {
      return diagnoseYubikeyToken(input, state.publicId, layouts);
    },
  };
}

function readBytesOption(name: string, value: unknown, length: number): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== length) {
    throw invalidOption(YUBIKEY_KIND_NAME, `option "${name}" must be a Uint8Array of ${length} bytes`);
  }
  return Uint8Array.from(value);
}

/**
 * Decrypts and checks one candidate; null when it is not an authentic OTP
 * of this key (bad modhex, wrong AES key, bad CRC, wrong private id).
 */
function openToken(candidate: string, publicIdLength: number, aesKey: Uint8Array, privateId: Uint8Array): OtpFields | null {
  const block = modhexDecode(candidate.slice(publicIdLength));
  if (block === null || block.length !== OTP_BLOCK_BYTES) return null;
  const fields = parseBlock(decryptBlock(block, aesKey));
  return fields !== null && samePrivateId(fields.privateId, privateId) ? fields : null;
}

function verifyYubikey(input: KindVerifyInput<YubikeyState>): KindVerifyOutcome<YubikeyState> {
  const { secret, state } = input;
  if (secret === null || secret.length !== SECRET_BYTES) {
    throw new TwofoldError('CORRUPT_DEVICE', `${YUBIKEY_KIND_NAME}: the device has no usable key`);
  }
  const aesKey = secret.subarray(0, OTP_BLOCK_BYTES);
  const privateId = secret.subarray(OTP_BLOCK_BYTES);
  const last = lastPair(state);
  let replayed = false;
  for (const candidate of splitCandidates(input.token)) {
    const fields = openToken(candidate, state.publicId.length, aesKey, privateId);
    if (fields === null) continue;
    if (!isAfter(fields, last)) {
      replayed = true;
      continue;
    }
    return { match: true, state: { ...state, lastUsageCounter: fields.usageCounter, lastSessionCounter: fields.sessionCounter } };
  }
  return { match: false, reason: replayed ? 'replayed' : 'invalid' };
}
