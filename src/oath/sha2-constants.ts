/**
 * SHA-2 constants, derived from their definition (FIPS 180-4 §4.2.2, §4.2.3,
 * §5.3.3, §5.3.5) instead of transcribed: the round constants are the first
 * 64 bits of the fractional parts of the cube roots of the first 80 primes,
 * the initial hash values those of the square roots of the first 8 primes.
 * SHA-256 uses the upper 32 bits of the same numbers. Deriving them removes
 * the risk of a mistyped hex digit; the tests compare every digest with
 * node:crypto anyway.
 */

function firstPrimes(count: number): bigint[] {
  const primes: bigint[] = [];
  for (let candidate = 2; primes.length < count; candidate++) {
    let isPrime = true;
    for (const p of primes) {
      const divisor = Number(p);
      if (divisor * divisor > candidate) break;
      if (candidate % divisor === 0) {
        isPrime = false;
        break;
      }
    }
    if (isPrime) primes.push(BigInt(candidate));
  }
  return primes;
}

/** floor(n^(1/k)) by Newton's method from an upper bound (monotone decreasing until it settles). */
function integerRoot(n: bigint, k: bigint): bigint {
  let x = 1n << (BigInt(n.toString(2).length) / k + 1n);
  for (;;) {
    const next = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (next >= x) return x;
    x = next;
  }
}

const MASK_64 = (1n << 64n) - 1n;

/** First 64 fractional bits of p^(1/k): floor(root(p * 2^(64k))) mod 2^64. */
function fractionalBits(p: bigint, k: bigint): bigint {
  return integerRoot(p << (64n * k), k) & MASK_64;
}

function toHighLowWords(values: readonly bigint[]): Int32Array {
  const words = new Int32Array(values.length * 2);
  values.forEach((value, i) => {
    words[2 * i] = Number(value >> 32n);
    words[2 * i + 1] = Number(value & 0xffffffffn);
  });
  return words;
}

const primes = firstPrimes(80);
const roundConstants = toHighLowWords(primes.map((p) => fractionalBits(p, 3n)));
const initialValues = toHighLowWords(primes.slice(0, 8).map((p) => fractionalBits(p, 2n)));

/** SHA-512 round constants K, as 80 (high, low) pairs. */
export const SHA512_K: Int32Array = roundConstants;
/** SHA-512 initial hash value, as 8 (high, low) pairs. */
export const SHA512_IV: Int32Array = initialValues;
/** SHA-256 round constants K (the high halves of the first 64 SHA-512 constants). */
export const SHA256_K: Int32Array = Int32Array.from({ length: 64 }, (_, i) => roundConstants[2 * i]!);
/** SHA-256 initial hash value (the high halves of the SHA-512 initial values). */
export const SHA256_IV: Int32Array = Int32Array.from({ length: 8 }, (_, i) => initialValues[2 * i]!);
