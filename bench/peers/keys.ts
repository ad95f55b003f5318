/** The TOTP secrets of bench:peers' users, the same in the three apps. */
import { createHmac } from 'node:crypto';

/**
 * The secret of bench user `n`: 32 characters, whose UTF-8 bytes are the
 * HMAC key (better-auth's twoFactor takes its secret as a string and keys
 * the HMAC with its bytes; twofold and django-otp get the same bytes).
 */
export function peerSecret(n: number): string {
  return createHmac('sha256', 'bench-peers-keys').update(String(n)).digest('hex').slice(0, 32);
}

/** The TOTP key of bench user `n`: the bytes of {@link peerSecret}. */
export function peerKey(n: number): Uint8Array {
  return new Uint8Array(Buffer.from(peerSecret(n), 'utf8'));
}
