/**
 * HMAC (RFC 2104) specialised for OATH: the message is always an 8-byte
 * counter, so the inner hash is exactly one block after the key's ipad block,
 * and the outer hash exactly one block after the opad block. A key schedule
 * compresses the two pad blocks once ("midstates"); each counter then costs
 * two compressions.
 *
 * Everything works on module-level scratch arrays, so the hot loop allocates
 * nothing. That is safe because the functions are synchronous and never
 * re-enter each other. Callers wipe the key-derived midstates and the codes
 * (`wipeKeySchedule`) when they are done, so no key material or token
 * outlives a call.
 */
import type { HashAlgorithm } from './types.js';
import { SHA1_IV, sha1, sha1Compress, wordsToBytes } from './sha1.js';
import { SHA256_IV, sha256, sha256Compress } from './sha256.js';
import { SHA512_IV, sha512, sha512Compress } from './sha512.js';
import { keepSchedule, restoreSchedule, type KeyScheduleCache } from './schedule-cache.js';

const IPAD = 0x36363636;
const OPAD = 0x5c5c5c5c;
const FINAL_BIT = 0x80000000 | 0;

type Compress = (input: Int32Array, block: Int32Array, output: Int32Array) => void;

/**
 * Per algorithm: the hash functions, the midstates of the current key, the
 * working state and pre-padded message blocks. Blocks have room for the
 * expanded schedule where the compression function expands it in place
 * (SHA-512); SHA-1 and SHA-256 leave the block unchanged.
 */
interface Engine {
  readonly blockWords: number;
  readonly stateWords: number;
  readonly compress: Compress;
  readonly digest: (message: Uint8Array) => Uint8Array;
  readonly iv: Int32Array;
  readonly inner: Int32Array;
  readonly outer: Int32Array;
  readonly state: Int32Array;
  /** Inner message block: counter in words 0..1, then constant padding. */
  readonly counterBlock: Int32Array;
  /** Outer message block: inner digest in words 0..stateWords-1, then constant padding. */
  readonly digestBlock: Int32Array;
  /** Key XOR ipad, then key XOR opad. */
  readonly keyBlock: Int32Array;
}

function makeEngine(
  blockWords: number,
  stateWords: number,
  scheduleWords: number,
  compress: Compress,
  digest: (message: Uint8Array) => Uint8Array,
  iv: Int32Array,
): Engine {
  const blockBits = blockWords * 32;
  const counterBlock = new Int32Array(scheduleWords);
  counterBlock[2] = FINAL_BIT;
  counterBlock[blockWords - 1] = blockBits + 64;
  const digestBlock = new Int32Array(scheduleWords);
  digestBlock[stateWords] = FINAL_BIT;
  digestBlock[blockWords - 1] = blockBits + stateWords * 32;
  return {
    blockWords,
    stateWords,
    compress,
    digest,
    iv,
    inner: new Int32Array(stateWords),
    outer: new Int32Array(stateWords),
    state: new Int32Array(stateWords),
    counterBlock,
    digestBlock,
    keyBlock: new Int32Array(scheduleWords),
  };
}

const engines: Readonly<Record<HashAlgorithm, Engine>> = {
  SHA1: makeEngine(16, 5, 16, sha1Compress, sha1, SHA1_IV),
  SHA256: makeEngine(16, 8, 16, sha256Compress, sha256, SHA256_IV),
  SHA512: makeEngine(32, 16, 160, sha512Compress, sha512, SHA512_IV),
};

/** Codes of the last `counterCodes` call; reused while large enough. */
let codes = new Int32Array(32);
let codesUsed = 0;

/** Big-endian word at byte `offset` of the zero-padded key, reading only in bounds. */
function keyWord(key: Uint8Array, offset: number): number {
  if (offset + 4 <= key.length) {
    return (key[offset]! << 24) | (key[offset + 1]! << 16) | (key[offset + 2]! << 8) | key[offset + 3]!;
  }
  if (offset >= key.length) return 0;
  let word = 0;
  for (let i = offset; i < offset + 4; i++) word = (word << 8) | (i < key.length ? key[i]! : 0);
  return word;
}

/** Zeroes the first `count` words; for small arrays a loop beats `fill`'s per-call cost in V8. */
function clear(words: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) words[i] = 0;
}

/**
 * Computes the HMAC midstates of `key` for `algorithm` into the engine's
 * scratch arrays. Keys longer than the block size are hashed first (RFC 2104).
 * With a `cache`, midstates computed for the same key before are copied
 * from it instead, and new ones kept there. Returns the engine to pass to {@link counterCodes}; wipe it with
 * {@link wipeKeySchedule} when done.
 */
export function loadKeySchedule(algorithm: HashAlgorithm, key: Uint8Array, cache?: KeyScheduleCache): Engine {
  const engine = engines[algorithm];
  const { blockWords, stateWords, iv, inner, outer, keyBlock } = engine;
  if (cache !== undefined && restoreSchedule(cache, algorithm, key, inner, outer, stateWords)) return engine;
  const hashedKey = key.length > blockWords * 4 ? engine.digest(key) : null;
  const source = hashedKey ?? key;
  for (let i = 0; i < blockWords; i++) keyBlock[i] = keyWord(source, 4 * i) ^ IPAD;
  engine.compress(iv, keyBlock, inner);
  // The compression functions leave block words 0..blockWords-1 unchanged.
  for (let i = 0; i < blockWords; i++) keyBlock[i] = keyBlock[i]! ^ IPAD ^ OPAD;
  engine.compress(iv, keyBlock, outer);
  clear(keyBlock, keyBlock.length);
  hashedKey?.fill(0);
  if (cache !== undefined) keepSchedule(cache, algorithm, key, inner, outer, stateWords);
  return engine;
}

/**
 * Wipes what would let someone compute tokens: the key-equivalent midstates,
 * the last HMAC values and the codes (which may include still-valid future
 * tokens). The inner digests are useless without the outer midstate, but
 * cost nothing to clear.
 */
export function wipeKeySchedule(engine: Engine): void {
  const count = engine.stateWords;
  clear(engine.inner, count);
  clear(engine.outer, count);
  clear(engine.state, count);
  clear(engine.digestBlock, count);
  clear(codes, codesUsed);
  codesUsed = 0;
}

/**
 * RFC 4226 §5.3 dynamic truncation of an HMAC value to a 31-bit integer. The
 * offset is the low nibble of the digest's LAST byte, whatever the hash
 * length (django-otp's fixed index 19 is correct for SHA-1 only).
 */
function truncate(state: Int32Array, stateWords: number): number {
  const offset = state[stateWords - 1]! & 0xf;
  const index = offset >>> 2;
  const shift = (offset & 3) << 3;
  let value = state[index]!;
  if (shift !== 0) value = (value << shift) | (state[index + 1]! >>> (32 - shift));
  return value & 0x7fffffff;
}

/**
 * The truncated HMAC values (RFC 4226 "Snum") of `count` consecutive
 * counters from (counterHigh, counterLow), the two 32-bit halves of the
 * first counter as int32 bit patterns. The caller guarantees that the last
 * counter does not pass 2^64 - 1.
 *
 * @returns a scratch array whose first `count` entries are the codes, valid
 * until the next call or {@link wipeKeySchedule}
 */
export function counterCodes(engine: Engine, counterHigh: number, counterLow: number, count: number): Int32Array {
  if (count > codes.length) codes = new Int32Array(count);
  codesUsed = Math.max(codesUsed, count);
  const { stateWords, inner, outer, state, counterBlock, digestBlock, compress } = engine;
  let high = counterHigh;
  let low = counterLow;
  for (let i = 0; i < count; i++) {
    counterBlock[0] = high;
    counterBlock[1] = low;
    // The inner digest goes straight into the first words of the outer block.
    compress(inner, counterBlock, digestBlock);
    compress(outer, digestBlock, state);
    codes[i] = truncate(state, stateWords);
    low = (low + 1) | 0;
    if (low === 0) high = (high + 1) | 0;
  }
  return codes;
}

/**
 * The full HMAC(key, 8-byte big-endian counter) digest through the same fast
 * path as the tokens; for tests that compare against node:crypto and
 * RFC 4226 Appendix D.
 */
export function hmacCounterDigest(
  algorithm: HashAlgorithm,
  key: Uint8Array,
  counterHigh: number,
  counterLow: number,
): Uint8Array {
  const engine = loadKeySchedule(algorithm, key);
  try {
    counterCodes(engine, counterHigh, counterLow, 1);
    return wordsToBytes(engine.state, engine.stateWords);
  } finally {
    wipeKeySchedule(engine);
  }
}

/** The state of a loaded key: what {@link loadKeySchedule} returns. */
export type { Engine as KeySchedule };
