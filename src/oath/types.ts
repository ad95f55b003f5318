/** The HMAC hash functions of RFC 6238 (SHA-1 is the RFC 4226 default and what every authenticator app supports). */
export type HashAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** Options shared by HOTP and TOTP. */
export interface HOTPOptions {
  /** Token length, 6 to 8 (default 6). */
  digits?: number;
  /** HMAC hash function (default 'SHA1'). */
  algorithm?: HashAlgorithm;
}

/** Options of TOTP (RFC 6238): the counter is the number of `step`s since `t0` at `time`. */
export interface TOTPOptions extends HOTPOptions {
  /** Time step in seconds, an integer >= 1 (default 30). */
  step?: number;
  /** Unix time in seconds at which step 0 starts (default 0). */
  t0?: number;
  /** Unix time in seconds, possibly fractional (default: now, `Date.now() / 1000`). */
  time?: number;
}
