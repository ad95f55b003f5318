/**
 * The backup-codes device kind: a set of single-use codes (NIST "look-up
 * secrets") that let a user in when their authenticator is lost.
 *
 * A backup code together with the password can add a device, issue new codes
 * and turn two-factor off, so it is a recovery code and is sized as one:
 * 16 characters of Crockford's base32 alphabet (80 random bits, above the
 * 64 bits NIST SP 800-63B-4 and ASVS 6.5 ask of recovery codes), shown as
 * four groups of four (`k7m2-9qxa-...`) to read aloud and type. Codes issued
 * before (10 characters, 50 bits) keep working. Codes are stored only as
 * salted scrypt hashes; a successful verification removes the one hash that
 * matched, so each code works once.
 *
 * Why scrypt with N = 2^12: an attacker holding a database dump must search
 * half of the code space per code, each candidate costing a 4 MiB
 * memory-hard scrypt evaluation. For new 80-bit codes that is 2^79
 * evaluations, out of reach whatever the hash; the work factor is there for
 * the shorter codes: the 50-bit codes issued before (about 18 years per code
 * at an optimistic million evaluations per second, hours with a fast hash)
 * and codes a host adds itself. A higher setting would slow every
 * verification, which hashes the candidate against every stored code, and
 * would make a guessing burst fill the thread pool sooner; the core's
 * throttle claim (one evaluation per back-off window) keeps that bounded.
 *
 * @packageDocumentation
 */
import { rejectUnknownOptions } from '../../core/config-keys.js';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { canonicalInput } from '../../core/normalize.js';
import { TwofoldError } from '../../core/errors.js';
import type { Device, DeviceKind, JsonObject, KindCreated, KindVerifyInput, KindVerifyOutcome } from '../../core/types.js';
import { IMPORTED_HASH_PREFIX, candidatesOf, isImportedHash, normalizeImportedCode, normalizeTokenFor } from './imported.js';

/** The kind's name, stored with every backup-codes device. */
export const BACKUP_CODES_KIND_NAME = 'backup-codes';

/** Crockford's base32 alphabet, lower case: no i, l, o or u, so codes read back unambiguously. */
export const BACKUP_CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Characters in a generated code: 16 × 5 bits = 80 bits (a recovery code needs at least 64). */
export const BACKUP_CODE_LENGTH = 16;

/** Characters per group when a code is shown (`xxxx-xxxx-xxxx-xxxx`). */
export const BACKUP_CODE_GROUP_LENGTH = 4;

/** Characters of the codes generated before (50 bits); stored ones keep working. */
export const LEGACY_BACKUP_CODE_LENGTH = 10;

/** Shortest code accepted (host-supplied codes): 6 × 5 = 30 bits, above ASVS's 20-bit floor. */
export const MIN_BACKUP_CODE_LENGTH = 6;

/** Longest code accepted (host-supplied codes). */
export const MAX_BACKUP_CODE_LENGTH = 32;

/** Default number of codes in a set. */
export const DEFAULT_BACKUP_CODE_COUNT = 10;

/**
 * Most codes one device may hold. Every verification hashes the candidate
 * against every stored code, so this bounds the CPU an attacker can make one
 * attempt cost.
 */
export const MAX_BACKUP_CODES = 50;

/** scrypt parameters for new hashes. Stored with each hash, so they can change later. */
export const BACKUP_CODE_SCRYPT = { N: 2 ** 12, r: 8, p: 1, saltBytes: 16, hashBytes: 32 } as const;

// Bounds on the parameters accepted from storage: weak enough hashes are refused, and a
// tampered row cannot make one verification allocate more than 64 MiB per hash.
const MIN_SCRYPT_N = 2 ** 10;
const MAX_SCRYPT_MEMORY = 64 * 1024 * 1024;
const MAX_SCRYPT_P = 16;

/** Kind-level settings, fixed when the kind is registered. */
export interface BackupCodesConfig {
  /** Throttle back-off factor in seconds (see {@link DeviceKind.throttleFactor}). Default 1. */
  readonly throttleFactor?: number;
  /** How many codes a freshly issued set contains (1 to 50). Default 10. */
  readonly count?: number;
}

/** Options for creating a backup-codes device. */
export interface BackupCodesOptions {
  /**
   * The plain codes, normalised like user input (see {@link normalizeBackupCode}).
   * Only their hashes are kept. Usually from {@link generateBackupCodes}.
   */
  readonly codes: readonly string[];
  /**
   * Codes issued by another system (django-otp's static tokens) that must keep
   * working as their owners typed them: any text up to 64 characters, matched
   * trimmed and case-insensitively (see `normalizeImportedCode`). Hashed like
   * `codes`, and counted with them against the limit of 50.
   */
  readonly importedCodes?: readonly string[];
}

/** What a backup-codes device keeps: one self-describing scrypt hash per unused code. */
export interface BackupCodesState extends JsonObject {
  /** `scrypt$N$r$p$<salt>$<hash>` strings (base64url, no padding). */
  readonly codes: string[];
}

/** The backup-codes kind object returned by {@link backupCodes}. */
export type BackupCodesKind = DeviceKind<BackupCodesOptions, BackupCodesState> & {
  /** How many codes a freshly issued set should contain (from the config). */
  readonly count: number;
};

/**
 * Creates the backup-codes device kind.
 *
 * @example
 * ```ts
 * const kind = backupCodes({ count: 10 });
 * const codes = generateBackupCodes(kind.count); // show these once, then forget them
 * ```
 */
export function backupCodes(config: BackupCodesConfig = {}): BackupCodesKind {
  rejectUnknownOptions(BACKUP_CODES_KIND_NAME, config, ['throttleFactor', 'count']);
  const throttleFactor = config.throttleFactor ?? 1;
  const count = config.count ?? DEFAULT_BACKUP_CODE_COUNT;
  if (typeof throttleFactor !== 'number' || !Number.isFinite(throttleFactor) || throttleFactor < 0) {
    throw new TwofoldError('INVALID_CONFIG', `${BACKUP_CODES_KIND_NAME}: "throttleFactor" must be a finite number ≥ 0 (seconds)`);
  }
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_BACKUP_CODES) {
    throw new TwofoldError('INVALID_CONFIG', `${BACKUP_CODES_KIND_NAME}: "count" must be an integer from 1 to ${MAX_BACKUP_CODES}`);
  }

  return {
    name: BACKUP_CODES_KIND_NAME,
    // A list of secrets used once each: a look-up secret.
    assurance: () => ({ authenticator: 'look-up-secret', phishingResistant: false, hardwareBound: false, aal2: true }),
    throttleFactor,
    count,

    async create(options: BackupCodesOptions): Promise<KindCreated<BackupCodesState>> {
      const codes = readCodesOption(options);
      const imported = readImportedCodesOption(options, codes.length);
      const hashes = await Promise.all([
        ...codes.map((code) => hashNormalizedCode(code)),
        ...imported.map((code) => hashNormalizedCode(code, IMPORTED_HASH_PREFIX)),
      ]);
      return { secret: null, state: { codes: hashes } };
    },

    parseState(state: JsonObject): BackupCodesState {
      return parseBackupCodesState(state);
    },

    normalizeToken(input: string, state: BackupCodesState): string | null {
      return normalizeTokenFor(input, state.codes.some(isImportedHash), normalizeBackupCode);
    },

    verify(input: KindVerifyInput<BackupCodesState>): Promise<KindVerifyOutcome<BackupCodesState>> {
      return verifyBackupCode(input.token, input.state);
    },
  };
}

/**
 * Canonical form of a typed backup code, or null. Accepts upper case, spaces,
 * dashes, full-width characters, and the look-alikes `i`/`l` (read as `1`) and
 * `o` (read as `0`), as Crockford's base32 does. The result is 6 to 32
 * characters of {@link BACKUP_CODE_ALPHABET}: generated codes are 16 (10 for
 * those issued before); other lengths can only come from the host.
 */
export function normalizeBackupCode(input: unknown): string | null {
  const text = canonicalInput(input, { lowerCase: true });
  if (text === null || text.length < MIN_BACKUP_CODE_LENGTH || text.length > MAX_BACKUP_CODE_LENGTH) return null;
  let code = '';
  for (const char of text) {
    const mapped = char === 'i' || char === 'l' ? '1' : char === 'o' ? '0' : char;
    if (!BACKUP_CODE_ALPHABET.includes(mapped)) return null;
    code += mapped;
  }
  return code;
}

/** A new random code of 80 bits from the CSPRNG, formatted `xxxx-xxxx-xxxx-xxxx` (see {@link formatBackupCode}). */
export function generateBackupCode(): string {
  // 32 divides 256, so masking a random byte to 5 bits is exactly uniform.
  const bytes = randomBytes(BACKUP_CODE_LENGTH);
  let code = '';
  for (const byte of bytes) code += BACKUP_CODE_ALPHABET[byte & 0x1f]!;
  return grouped(code);
}

function grouped(code: string): string {
  if (code.length === LEGACY_BACKUP_CODE_LENGTH) return `${code.slice(0, 5)}-${code.slice(5)}`;
  const groups: string[] = [];
  for (let start = 0; start < code.length; start += BACKUP_CODE_GROUP_LENGTH) groups.push(code.slice(start, start + BACKUP_CODE_GROUP_LENGTH));
  return groups.join('-');
}

/**
 * A code as it should be shown: normalised and split into groups of four
 * with dashes (`k7m2-9qxa-4fzt-0w1c`); a 10-character code of the earlier
 * format as `xxxxx-xxxxx`. Null when `code` is not a backup code.
 *
 * @example
 * formatBackupCode('K7M29QXA 4FZT0W1C'); // 'k7m2-9qxa-4fzt-0w1c'
 */
export function formatBackupCode(code: unknown): string | null {
  const normalized = normalizeBackupCode(code);
  return normalized === null ? null : grouped(normalized);
}

/** A set of `count` distinct new codes (see {@link generateBackupCode}). */
export function generateBackupCodes(count: number = DEFAULT_BACKUP_CODE_COUNT): string[] {
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_BACKUP_CODES) {
    throw new TwofoldError('INVALID_ARGUMENT', `generateBackupCodes: count must be an integer from 0 to ${MAX_BACKUP_CODES}`);
  }
  const codes = new Set<string>();
  // A collision among 80-bit codes is astronomically unlikely, but duplicates would silently shrink the set.
  while (codes.size < count) codes.add(generateBackupCode());
  return [...codes];
}

/**
 * The stored form of a code: `scrypt$N$r$p$<salt>$<hash>` with a fresh random
 * salt, so the same code hashes differently every time.
 * Throws `INVALID_ARGUMENT` when `code` is not a valid backup code.
 */
export async function hashBackupCode(code: string): Promise<string> {
  const normalized = normalizeBackupCode(code);
  if (normalized === null) {
    throw new TwofoldError('INVALID_ARGUMENT', `hashBackupCode: not a valid backup code (${MIN_BACKUP_CODE_LENGTH} to ${MAX_BACKUP_CODE_LENGTH} characters of ${BACKUP_CODE_ALPHABET})`);
  }
  return hashNormalizedCode(normalized);
}

/** How many unused codes a backup-codes device still holds. */
export function remainingBackupCodes(device: Device<BackupCodesState>): number {
  return device.state.codes.length;
}

/** Checks a backup-codes state read from storage; throws `CORRUPT_DEVICE` when it is not one. */
export function parseBackupCodesState(state: JsonObject): BackupCodesState {
  const codes = state.codes;
  if (!Array.isArray(codes) || codes.length > MAX_BACKUP_CODES) {
    throw corrupt(`"codes" must be an array of at most ${MAX_BACKUP_CODES} hashes`);
  }
  const hashes: string[] = [];
  for (const entry of codes) {
    if (typeof entry !== 'string' || parseStoredHash(entry) === null) {
      throw corrupt('"codes" holds something that is not a valid scrypt hash');
    }
    hashes.push(entry);
  }
  return { codes: hashes };
}

/**
 * Hashes `token` against every stored hash (all of them, whatever matches) and
 * removes the first matching one. Exported for the core's tests; use the kind.
 */
export async function verifyBackupCode(token: string, state: BackupCodesState): Promise<KindVerifyOutcome<BackupCodesState>> {
  const parsed = state.codes.map((entry) => {
    const hash = parseStoredHash(entry);
    if (hash === null) throw corrupt('"codes" holds something that is not a valid scrypt hash');
    return hash;
  });
  // The token came through normalizeToken; re-checking is cheap and keeps this function safe on its own.
  if (normalizeBackupCode(token) !== token && normalizeImportedCode(token) !== token) return { match: false, reason: 'invalid' };

  // Each hash is compared with the candidate in the form its code was stored in.
  const candidates = candidatesOf(token, normalizeBackupCode);
  const derived = await Promise.all(
    parsed.map((hash) => {
      const candidate = (hash.imported ? candidates.imported : candidates.own) ?? token;
      return deriveKey(candidate, hash.salt, hash.params, hash.hash.length);
    }),
  );
  let matched = -1;
  for (let i = 0; i < parsed.length; i++) {
    const equal = timingSafeEqual(derived[i]!, parsed[i]!.hash);
    if (equal && matched < 0) matched = i;
  }
  if (matched < 0) return { match: false, reason: 'invalid' };
  return { match: true, state: { codes: state.codes.filter((_, index) => index !== matched) } };
}

interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

interface StoredHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly hash: Buffer;
  /** Stored with the `scrypt-typed` prefix: an imported code. */
  readonly imported: boolean;
}

const STORED_HASH = /^(?:scrypt|scrypt-typed)\$([1-9][0-9]{0,9})\$([1-9][0-9]{0,3})\$([1-9][0-9]{0,3})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function parseStoredHash(text: string): StoredHash | null {
  const match = STORED_HASH.exec(text);
  if (match === null) return null;
  const N = Number(match[1]);
  const r = Number(match[2]);
  const p = Number(match[3]);
  const salt = decodeBase64Url(match[4]!);
  const hash = decodeBase64Url(match[5]!);
  const isPowerOfTwo = (N & (N - 1)) === 0;
  if (!isPowerOfTwo || N < MIN_SCRYPT_N || 128 * N * r > MAX_SCRYPT_MEMORY || p > MAX_SCRYPT_P) return null;
  if (salt === null || salt.length < 16 || hash === null || hash.length < 16 || hash.length > 64) return null;
  return { params: { N, r, p }, salt, hash, imported: isImportedHash(text) };
}

function decodeBase64Url(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64url');
  // Reject non-canonical encodings so that one hash has exactly one spelling.
  return bytes.toString('base64url') === text ? bytes : null;
}

async function hashNormalizedCode(code: string, prefix = 'scrypt'): Promise<string> {
  const { N, r, p, saltBytes, hashBytes } = BACKUP_CODE_SCRYPT;
  const salt = randomBytes(saltBytes);
  const hash = await deriveKey(code, salt, { N, r, p }, hashBytes);
  return `${prefix}$${N}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

function deriveKey(code: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must exceed scrypt's 128·N·r working set, which Node checks against a 32 MiB default.
    const maxmem = 128 * params.N * params.r + 1024 * 1024;
    scrypt(code, salt, length, { N: params.N, r: params.r, p: params.p, maxmem }, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

function readCodesOption(options: unknown): string[] {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOptions('options must be an object with a "codes" array');
  }
  const bag = options as Record<string, unknown>;
  for (const name of Object.keys(bag)) {
    if (name !== 'codes' && name !== 'importedCodes') throw invalidOptions(`unknown option "${name}" (allowed: codes, importedCodes)`);
  }
  const codes = bag.codes;
  if (!Array.isArray(codes)) throw invalidOptions('option "codes" must be an array of strings');
  if (codes.length > MAX_BACKUP_CODES) throw invalidOptions(`option "codes" may hold at most ${MAX_BACKUP_CODES} codes, got ${codes.length}`);
  return codes.map((code: unknown, index) => {
    const normalized = normalizeBackupCode(code);
    if (normalized === null) {
      // The index, never the code itself: error messages end up in logs.
      throw invalidOptions(
        `codes[${index}] is not a valid backup code (${MIN_BACKUP_CODE_LENGTH} to ${MAX_BACKUP_CODE_LENGTH} characters of ${BACKUP_CODE_ALPHABET}, separators ignored)`,
      );
    }
    return normalized;
  });
}

function readImportedCodesOption(options: object, ownCount: number): string[] {
  const codes = (options as { importedCodes?: unknown }).importedCodes;
  if (codes === undefined) return [];
  if (!Array.isArray(codes)) throw invalidOptions('option "importedCodes" must be an array of strings');
  if (ownCount + codes.length > MAX_BACKUP_CODES) {
    throw invalidOptions(`options "codes" and "importedCodes" may hold at most ${MAX_BACKUP_CODES} codes together, got ${ownCount + codes.length}`);
  }
  return codes.map((code: unknown, index) => {
    const normalized = normalizeImportedCode(code);
    // The index, never the code itself: error messages end up in logs.
    if (normalized === null) throw invalidOptions(`importedCodes[${index}] is not a usable code (1 to 64 characters, no control characters)`);
    return normalized;
  });
}

function invalidOptions(message: string): TwofoldError {
  return new TwofoldError('INVALID_OPTIONS', `${BACKUP_CODES_KIND_NAME}: ${message}`);
}

function corrupt(message: string): TwofoldError {
  return new TwofoldError('CORRUPT_DEVICE', `${BACKUP_CODES_KIND_NAME}: stored state is corrupt: ${message}`);
}
