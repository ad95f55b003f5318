/**
 * SHA-512 (FIPS 180-4) with every 64-bit word held as a (high, low) pair of
 * 32-bit integers, so that all arithmetic stays in V8's fast int32 paths;
 * see sha1.ts for why it is hand-written.
 *
 * Layout: word i of the state or of the schedule is at [2i] (high) and
 * [2i + 1] (low), which is also the big-endian byte order of the digest.
 * 64-bit additions sum the unsigned low halves exactly in a double (at most
 * five terms, so below 2^35) and carry the overflow into the high half.
 */
import { padMessage } from './padding.js';
import { wordsToBytes } from './sha1.js';
import { SHA512_IV, SHA512_K } from './sha2-constants.js';

export { SHA512_IV };

const TWO_POW_32 = 0x100000000;

/**
 * Applies the compression function to the chaining value `input` (16
 * halves) and the message block `w[0..31]`, writing the result to `output`
 * (which may be `input` itself); see sha1Compress. `w` must have room for
 * 160 halves: the message schedule is expanded in place into w[32..159].
 */
export function sha512Compress(input: Int32Array, w: Int32Array, output: Int32Array): void {
  const k = SHA512_K;
  for (let t = 32; t < 160; t += 2) {
    // sigma0 of w[t-15]: rotr 1 ^ rotr 8 ^ shr 7
    const xh = w[t - 30]!;
    const xl = w[t - 29]!;
    const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
    const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
    // sigma1 of w[t-2]: rotr 19 ^ rotr 61 ^ shr 6
    const yh = w[t - 4]!;
    const yl = w[t - 3]!;
    const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6);
    const s1l = ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26));
    const low = (s1l >>> 0) + (w[t - 13]! >>> 0) + (s0l >>> 0) + (w[t - 31]! >>> 0);
    w[t] = (s1h + w[t - 14]! + s0h + w[t - 32]! + ((low / TWO_POW_32) | 0)) | 0;
    w[t + 1] = low | 0;
  }
  let ah = input[0]!, al = input[1]!;
  let bh = input[2]!, bl = input[3]!;
  let ch = input[4]!, cl = input[5]!;
  let dh = input[6]!, dl = input[7]!;
  let eh = input[8]!, el = input[9]!;
  let fh = input[10]!, fl = input[11]!;
  let gh = input[12]!, gl = input[13]!;
  let hh = input[14]!, hl = input[15]!;
  for (let t = 0; t < 160; t += 2) {
    // Sigma1(e): rotr 14 ^ rotr 18 ^ rotr 41
    const sigma1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
    const sigma1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
    const choiceh = gh ^ (eh & (fh ^ gh));
    const choicel = gl ^ (el & (fl ^ gl));
    // T1 = h + Sigma1(e) + Ch(e, f, g) + K[t] + W[t]
    const t1low = (hl >>> 0) + (sigma1l >>> 0) + (choicel >>> 0) + (k[t + 1]! >>> 0) + (w[t + 1]! >>> 0);
    const t1h = (hh + sigma1h + choiceh + k[t]! + w[t]! + ((t1low / TWO_POW_32) | 0)) | 0;
    const t1l = t1low | 0;
    // Sigma0(a): rotr 28 ^ rotr 34 ^ rotr 39
    const sigma0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
    const sigma0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
    const majorityh = (ah & bh) | (ch & (ah | bh));
    const majorityl = (al & bl) | (cl & (al | bl));
    // T2 = Sigma0(a) + Maj(a, b, c)
    const t2low = (sigma0l >>> 0) + (majorityl >>> 0);
    const t2h = (sigma0h + majorityh + ((t2low / TWO_POW_32) | 0)) | 0;
    const t2l = t2low | 0;
    hh = gh;
    hl = gl;
    gh = fh;
    gl = fl;
    fh = eh;
    fl = el;
    const elow = (dl >>> 0) + (t1l >>> 0);
    eh = (dh + t1h + ((elow / TWO_POW_32) | 0)) | 0;
    el = elow | 0;
    dh = ch;
    dl = cl;
    ch = bh;
    cl = bl;
    bh = ah;
    bl = al;
    const alow = (t1l >>> 0) + (t2l >>> 0);
    ah = (t1h + t2h + ((alow / TWO_POW_32) | 0)) | 0;
    al = alow | 0;
  }
  addInto(input, output, 0, ah, al);
  addInto(input, output, 2, bh, bl);
  addInto(input, output, 4, ch, cl);
  addInto(input, output, 6, dh, dl);
  addInto(input, output, 8, eh, el);
  addInto(input, output, 10, fh, fl);
  addInto(input, output, 12, gh, gl);
  addInto(input, output, 14, hh, hl);
}

function addInto(input: Int32Array, output: Int32Array, index: number, high: number, low: number): void {
  const sum = (input[index + 1]! >>> 0) + (low >>> 0);
  output[index] = (input[index]! + high + ((sum / TWO_POW_32) | 0)) | 0;
  output[index + 1] = sum | 0;
}

/** SHA-512 digest of a whole message (used for HMAC keys longer than a block, and in tests). */
export function sha512(message: Uint8Array): Uint8Array {
  const padded = padMessage(message, 128, 16);
  const state = SHA512_IV.slice();
  const w = new Int32Array(160);
  for (let offset = 0; offset < padded.length; offset += 128) {
    for (let i = 0; i < 32; i++) {
      const j = offset + 4 * i;
      w[i] = (padded[j]! << 24) | (padded[j + 1]! << 16) | (padded[j + 2]! << 8) | padded[j + 3]!;
    }
    sha512Compress(state, w, state);
  }
  const digest = wordsToBytes(state, 16);
  // The message may be a key (HMAC hashes long keys): leave no copy of it or its hash behind.
  padded.fill(0);
  w.fill(0);
  state.fill(0);
  return digest;
}
