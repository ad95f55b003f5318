/**
 * Merkle–Damgård padding shared by SHA-1, SHA-256 and SHA-512: the message,
 * a 1 bit, zeros, then the bit length big-endian in the last `lengthBytes`
 * bytes, up to a multiple of `blockBytes`.
 */
export function padMessage(message: Uint8Array, blockBytes: number, lengthBytes: number): Uint8Array {
  const unpadded = message.length + 1 + lengthBytes;
  const total = Math.ceil(unpadded / blockBytes) * blockBytes;
  const padded = new Uint8Array(total);
  padded.set(message);
  padded[message.length] = 0x80;
  // Bit length as two 32-bit halves; messages here are far below 2^53 bits.
  const bitsHigh = Math.floor(message.length / 0x20000000);
  const bitsLow = (message.length * 8) >>> 0;
  const end = total;
  padded[end - 8] = bitsHigh >>> 24;
  padded[end - 7] = bitsHigh >>> 16;
  padded[end - 6] = bitsHigh >>> 8;
  padded[end - 5] = bitsHigh;
  padded[end - 4] = bitsLow >>> 24;
  padded[end - 3] = bitsLow >>> 16;
  padded[end - 2] = bitsLow >>> 8;
  padded[end - 1] = bitsLow;
  return padded;
}
