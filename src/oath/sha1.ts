/**
 * SHA-1 (FIPS 180-4) on 32-bit words.
 *
 * Hand-written because `crypto.createHmac` costs 2-3 µs per call in Node 20,
 * almost all of it call overhead, which dominates an OTP computation. With
 * the compression function in JavaScript, one HMAC over a counter is two
 * compressions (about 80 ns each) on preallocated typed arrays, with no
 * allocation at all.
 */
import { padMessage } from './padding.js';

/** Initial hash value H(0). */
export const SHA1_IV: Int32Array = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0);

/**
 * Applies the compression function to the chaining value `input` (5 words)
 * and the message block `block[0..15]`, writing the result to `output`
 * (which may be `input` itself). `input` and `block` are left unchanged.
 * Separate input and output let HMAC start from a stored midstate and
 * write the inner digest straight into the outer block, without copies.
 *
 * Fully unrolled on purpose: the 80 rounds rename a..e instead of shifting
 * them, and the message schedule lives in 16 local variables updated in
 * place (W[t] overwrites W[t-16]) instead of an 80-word array. Each round
 * adds its terms in the order they become available (e, W, K, f, and the
 * rotated a last, which the previous round has only just produced), which
 * shortens the dependency chain between rounds. Together these make it about
 * three times faster in V8 than the textbook loop (80 ns against 240 ns).
 */
export function sha1Compress(input: Int32Array, block: Int32Array, output: Int32Array): void {
  let a = input[0]!;
  let b = input[1]!;
  let c = input[2]!;
  let d = input[3]!;
  let e = input[4]!;
  let w0 = block[0]!;
  let w1 = block[1]!;
  let w2 = block[2]!;
  let w3 = block[3]!;
  let w4 = block[4]!;
  let w5 = block[5]!;
  let w6 = block[6]!;
  let w7 = block[7]!;
  let w8 = block[8]!;
  let w9 = block[9]!;
  let w10 = block[10]!;
  let w11 = block[11]!;
  let w12 = block[12]!;
  let w13 = block[13]!;
  let w14 = block[14]!;
  let w15 = block[15]!;
  // Rounds 0-19: Ch(b, c, d), K = 0x5a827999
  e = (e + w0 + 0x5a827999 + (d ^ (b & (c ^ d))) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  d = (d + w1 + 0x5a827999 + (c ^ (a & (b ^ c))) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  c = (c + w2 + 0x5a827999 + (b ^ (e & (a ^ b))) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  b = (b + w3 + 0x5a827999 + (a ^ (d & (e ^ a))) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  a = (a + w4 + 0x5a827999 + (e ^ (c & (d ^ e))) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  e = (e + w5 + 0x5a827999 + (d ^ (b & (c ^ d))) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  d = (d + w6 + 0x5a827999 + (c ^ (a & (b ^ c))) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  c = (c + w7 + 0x5a827999 + (b ^ (e & (a ^ b))) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  b = (b + w8 + 0x5a827999 + (a ^ (d & (e ^ a))) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  a = (a + w9 + 0x5a827999 + (e ^ (c & (d ^ e))) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  e = (e + w10 + 0x5a827999 + (d ^ (b & (c ^ d))) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  d = (d + w11 + 0x5a827999 + (c ^ (a & (b ^ c))) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  c = (c + w12 + 0x5a827999 + (b ^ (e & (a ^ b))) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  b = (b + w13 + 0x5a827999 + (a ^ (d & (e ^ a))) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  a = (a + w14 + 0x5a827999 + (e ^ (c & (d ^ e))) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  e = (e + w15 + 0x5a827999 + (d ^ (b & (c ^ d))) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w0 ^= w13 ^ w8 ^ w2; w0 = (w0 << 1) | (w0 >>> 31);
  d = (d + w0 + 0x5a827999 + (c ^ (a & (b ^ c))) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w1 ^= w14 ^ w9 ^ w3; w1 = (w1 << 1) | (w1 >>> 31);
  c = (c + w1 + 0x5a827999 + (b ^ (e & (a ^ b))) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w2 ^= w15 ^ w10 ^ w4; w2 = (w2 << 1) | (w2 >>> 31);
  b = (b + w2 + 0x5a827999 + (a ^ (d & (e ^ a))) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w3 ^= w0 ^ w11 ^ w5; w3 = (w3 << 1) | (w3 >>> 31);
  a = (a + w3 + 0x5a827999 + (e ^ (c & (d ^ e))) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  // Rounds 20-39: Parity(b, c, d), K = 0x6ed9eba1
  w4 ^= w1 ^ w12 ^ w6; w4 = (w4 << 1) | (w4 >>> 31);
  e = (e + w4 + 0x6ed9eba1 + (b ^ c ^ d) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w5 ^= w2 ^ w13 ^ w7; w5 = (w5 << 1) | (w5 >>> 31);
  d = (d + w5 + 0x6ed9eba1 + (a ^ b ^ c) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w6 ^= w3 ^ w14 ^ w8; w6 = (w6 << 1) | (w6 >>> 31);
  c = (c + w6 + 0x6ed9eba1 + (e ^ a ^ b) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w7 ^= w4 ^ w15 ^ w9; w7 = (w7 << 1) | (w7 >>> 31);
  b = (b + w7 + 0x6ed9eba1 + (d ^ e ^ a) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w8 ^= w5 ^ w0 ^ w10; w8 = (w8 << 1) | (w8 >>> 31);
  a = (a + w8 + 0x6ed9eba1 + (c ^ d ^ e) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  w9 ^= w6 ^ w1 ^ w11; w9 = (w9 << 1) | (w9 >>> 31);
  e = (e + w9 + 0x6ed9eba1 + (b ^ c ^ d) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w10 ^= w7 ^ w2 ^ w12; w10 = (w10 << 1) | (w10 >>> 31);
  d = (d + w10 + 0x6ed9eba1 + (a ^ b ^ c) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w11 ^= w8 ^ w3 ^ w13; w11 = (w11 << 1) | (w11 >>> 31);
  c = (c + w11 + 0x6ed9eba1 + (e ^ a ^ b) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w12 ^= w9 ^ w4 ^ w14; w12 = (w12 << 1) | (w12 >>> 31);
  b = (b + w12 + 0x6ed9eba1 + (d ^ e ^ a) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w13 ^= w10 ^ w5 ^ w15; w13 = (w13 << 1) | (w13 >>> 31);
  a = (a + w13 + 0x6ed9eba1 + (c ^ d ^ e) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  w14 ^= w11 ^ w6 ^ w0; w14 = (w14 << 1) | (w14 >>> 31);
  e = (e + w14 + 0x6ed9eba1 + (b ^ c ^ d) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w15 ^= w12 ^ w7 ^ w1; w15 = (w15 << 1) | (w15 >>> 31);
  d = (d + w15 + 0x6ed9eba1 + (a ^ b ^ c) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w0 ^= w13 ^ w8 ^ w2; w0 = (w0 << 1) | (w0 >>> 31);
  c = (c + w0 + 0x6ed9eba1 + (e ^ a ^ b) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w1 ^= w14 ^ w9 ^ w3; w1 = (w1 << 1) | (w1 >>> 31);
  b = (b + w1 + 0x6ed9eba1 + (d ^ e ^ a) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w2 ^= w15 ^ w10 ^ w4; w2 = (w2 << 1) | (w2 >>> 31);
  a = (a + w2 + 0x6ed9eba1 + (c ^ d ^ e) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  w3 ^= w0 ^ w11 ^ w5; w3 = (w3 << 1) | (w3 >>> 31);
  e = (e + w3 + 0x6ed9eba1 + (b ^ c ^ d) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w4 ^= w1 ^ w12 ^ w6; w4 = (w4 << 1) | (w4 >>> 31);
  d = (d + w4 + 0x6ed9eba1 + (a ^ b ^ c) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w5 ^= w2 ^ w13 ^ w7; w5 = (w5 << 1) | (w5 >>> 31);
  c = (c + w5 + 0x6ed9eba1 + (e ^ a ^ b) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w6 ^= w3 ^ w14 ^ w8; w6 = (w6 << 1) | (w6 >>> 31);
  b = (b + w6 + 0x6ed9eba1 + (d ^ e ^ a) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w7 ^= w4 ^ w15 ^ w9; w7 = (w7 << 1) | (w7 >>> 31);
  a = (a + w7 + 0x6ed9eba1 + (c ^ d ^ e) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  // Rounds 40-59: Maj(b, c, d), K = 0x8f1bbcdc
  w8 ^= w5 ^ w0 ^ w10; w8 = (w8 << 1) | (w8 >>> 31);
  e = (e + w8 - 0x70e44324 + ((b & c) | (d & (b | c))) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w9 ^= w6 ^ w1 ^ w11; w9 = (w9 << 1) | (w9 >>> 31);
  d = (d + w9 - 0x70e44324 + ((a & b) | (c & (a | b))) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w10 ^= w7 ^ w2 ^ w12; w10 = (w10 << 1) | (w10 >>> 31);
  c = (c + w10 - 0x70e44324 + ((e & a) | (b & (e | a))) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w11 ^= w8 ^ w3 ^ w13; w11 = (w11 << 1) | (w11 >>> 31);
  b = (b + w11 - 0x70e44324 + ((d & e) | (a & (d | e))) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w12 ^= w9 ^ w4 ^ w14; w12 = (w12 << 1) | (w12 >>> 31);
  a = (a + w12 - 0x70e44324 + ((c & d) | (e & (c | d))) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  w13 ^= w10 ^ w5 ^ w15; w13 = (w13 << 1) | (w13 >>> 31);
  e = (e + w13 - 0x70e44324 + ((b & c) | (d & (b | c))) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w14 ^= w11 ^ w6 ^ w0; w14 = (w14 << 1) | (w14 >>> 31);
  d = (d + w14 - 0x70e44324 + ((a & b) | (c & (a | b))) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w15 ^= w12 ^ w7 ^ w1; w15 = (w15 << 1) | (w15 >>> 31);
  c = (c + w15 - 0x70e44324 + ((e & a) | (b & (e | a))) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w0 ^= w13 ^ w8 ^ w2; w0 = (w0 << 1) | (w0 >>> 31);
  b = (b + w0 - 0x70e44324 + ((d & e) | (a & (d | e))) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w1 ^= w14 ^ w9 ^ w3; w1 = (w1 << 1) | (w1 >>> 31);
  a = (a + w1 - 0x70e44324 + ((c & d) | (e & (c | d))) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  w2 ^= w15 ^ w10 ^ w4; w2 = (w2 << 1) | (w2 >>> 31);
  e = (e + w2 - 0x70e44324 + ((b & c) | (d & (b | c))) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w3 ^= w0 ^ w11 ^ w5; w3 = (w3 << 1) | (w3 >>> 31);
  d = (d + w3 - 0x70e44324 + ((a & b) | (c & (a | b))) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w4 ^= w1 ^ w12 ^ w6; w4 = (w4 << 1) | (w4 >>> 31);
  c = (c + w4 - 0x70e44324 + ((e & a) | (b & (e | a))) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w5 ^= w2 ^ w13 ^ w7; w5 = (w5 << 1) | (w5 >>> 31);
  b = (b + w5 - 0x70e44324 + ((d & e) | (a & (d | e))) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w6 ^= w3 ^ w14 ^ w8; w6 = (w6 << 1) | (w6 >>> 31);
  a = (a + w6 - 0x70e44324 + ((c & d) | (e & (c | d))) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  w7 ^= w4 ^ w15 ^ w9; w7 = (w7 << 1) | (w7 >>> 31);
  e = (e + w7 - 0x70e44324 + ((b & c) | (d & (b | c))) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w8 ^= w5 ^ w0 ^ w10; w8 = (w8 << 1) | (w8 >>> 31);
  d = (d + w8 - 0x70e44324 + ((a & b) | (c & (a | b))) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w9 ^= w6 ^ w1 ^ w11; w9 = (w9 << 1) | (w9 >>> 31);
  c = (c + w9 - 0x70e44324 + ((e & a) | (b & (e | a))) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w10 ^= w7 ^ w2 ^ w12; w10 = (w10 << 1) | (w10 >>> 31);
  b = (b + w10 - 0x70e44324 + ((d & e) | (a & (d | e))) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w11 ^= w8 ^ w3 ^ w13; w11 = (w11 << 1) | (w11 >>> 31);
  a = (a + w11 - 0x70e44324 + ((c & d) | (e & (c | d))) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  // Rounds 60-79: Parity(b, c, d), K = 0xca62c1d6
  w12 ^= w9 ^ w4 ^ w14; w12 = (w12 << 1) | (w12 >>> 31);
  e = (e + w12 - 0x359d3e2a + (b ^ c ^ d) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w13 ^= w10 ^ w5 ^ w15; w13 = (w13 << 1) | (w13 >>> 31);
  d = (d + w13 - 0x359d3e2a + (a ^ b ^ c) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w14 ^= w11 ^ w6 ^ w0; w14 = (w14 << 1) | (w14 >>> 31);
  c = (c + w14 - 0x359d3e2a + (e ^ a ^ b) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w15 ^= w12 ^ w7 ^ w1; w15 = (w15 << 1) | (w15 >>> 31);
  b = (b + w15 - 0x359d3e2a + (d ^ e ^ a) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w0 ^= w13 ^ w8 ^ w2; w0 = (w0 << 1) | (w0 >>> 31);
  a = (a + w0 - 0x359d3e2a + (c ^ d ^ e) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  w1 ^= w14 ^ w9 ^ w3; w1 = (w1 << 1) | (w1 >>> 31);
  e = (e + w1 - 0x359d3e2a + (b ^ c ^ d) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w2 ^= w15 ^ w10 ^ w4; w2 = (w2 << 1) | (w2 >>> 31);
  d = (d + w2 - 0x359d3e2a + (a ^ b ^ c) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w3 ^= w0 ^ w11 ^ w5; w3 = (w3 << 1) | (w3 >>> 31);
  c = (c + w3 - 0x359d3e2a + (e ^ a ^ b) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w4 ^= w1 ^ w12 ^ w6; w4 = (w4 << 1) | (w4 >>> 31);
  b = (b + w4 - 0x359d3e2a + (d ^ e ^ a) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w5 ^= w2 ^ w13 ^ w7; w5 = (w5 << 1) | (w5 >>> 31);
  a = (a + w5 - 0x359d3e2a + (c ^ d ^ e) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  w6 ^= w3 ^ w14 ^ w8; w6 = (w6 << 1) | (w6 >>> 31);
  e = (e + w6 - 0x359d3e2a + (b ^ c ^ d) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w7 ^= w4 ^ w15 ^ w9; w7 = (w7 << 1) | (w7 >>> 31);
  d = (d + w7 - 0x359d3e2a + (a ^ b ^ c) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w8 ^= w5 ^ w0 ^ w10; w8 = (w8 << 1) | (w8 >>> 31);
  c = (c + w8 - 0x359d3e2a + (e ^ a ^ b) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w9 ^= w6 ^ w1 ^ w11; w9 = (w9 << 1) | (w9 >>> 31);
  b = (b + w9 - 0x359d3e2a + (d ^ e ^ a) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w10 ^= w7 ^ w2 ^ w12; w10 = (w10 << 1) | (w10 >>> 31);
  a = (a + w10 - 0x359d3e2a + (c ^ d ^ e) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  w11 ^= w8 ^ w3 ^ w13; w11 = (w11 << 1) | (w11 >>> 31);
  e = (e + w11 - 0x359d3e2a + (b ^ c ^ d) + ((a << 5) | (a >>> 27))) | 0; b = (b << 30) | (b >>> 2);
  w12 ^= w9 ^ w4 ^ w14; w12 = (w12 << 1) | (w12 >>> 31);
  d = (d + w12 - 0x359d3e2a + (a ^ b ^ c) + ((e << 5) | (e >>> 27))) | 0; a = (a << 30) | (a >>> 2);
  w13 ^= w10 ^ w5 ^ w15; w13 = (w13 << 1) | (w13 >>> 31);
  c = (c + w13 - 0x359d3e2a + (e ^ a ^ b) + ((d << 5) | (d >>> 27))) | 0; e = (e << 30) | (e >>> 2);
  w14 ^= w11 ^ w6 ^ w0; w14 = (w14 << 1) | (w14 >>> 31);
  b = (b + w14 - 0x359d3e2a + (d ^ e ^ a) + ((c << 5) | (c >>> 27))) | 0; d = (d << 30) | (d >>> 2);
  w15 ^= w12 ^ w7 ^ w1; w15 = (w15 << 1) | (w15 >>> 31);
  a = (a + w15 - 0x359d3e2a + (c ^ d ^ e) + ((b << 5) | (b >>> 27))) | 0; c = (c << 30) | (c >>> 2);
  output[0] = (input[0]! + a) | 0;
  output[1] = (input[1]! + b) | 0;
  output[2] = (input[2]! + c) | 0;
  output[3] = (input[3]! + d) | 0;
  output[4] = (input[4]! + e) | 0;
}

/** SHA-1 digest of a whole message (used for HMAC keys longer than a block, and in tests). */
export function sha1(message: Uint8Array): Uint8Array {
  const padded = padMessage(message, 64, 8);
  const state = SHA1_IV.slice();
  const w = new Int32Array(16);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + 4 * i;
      w[i] = (padded[j]! << 24) | (padded[j + 1]! << 16) | (padded[j + 2]! << 8) | padded[j + 3]!;
    }
    sha1Compress(state, w, state);
  }
  const digest = wordsToBytes(state, 5);
  // The message may be a key (HMAC hashes long keys): leave no copy of it or its hash behind.
  padded.fill(0);
  w.fill(0);
  state.fill(0);
  return digest;
}

/** Big-endian serialisation of the first `count` words. */
export function wordsToBytes(words: Int32Array, count: number): Uint8Array {
  const bytes = new Uint8Array(count * 4);
  for (let i = 0; i < count; i++) {
    const word = words[i]!;
    bytes[4 * i] = word >>> 24;
    bytes[4 * i + 1] = word >>> 16;
    bytes[4 * i + 2] = word >>> 8;
    bytes[4 * i + 3] = word;
  }
  return bytes;
}
