/**
 * Phone numbers: validated with libphonenumber-js (full metadata, so that
 * number types are known), stored in E.164, shown in international notation
 * and masked wherever a page shows them.
 */
import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumberType as LibraryNumberType } from 'libphonenumber-js/max';

/** A region (country) code as libphonenumber knows it: ISO 3166-1 alpha-2, e.g. `NL`. */
export type PhoneRegion = CountryCode;

/** A number type as libphonenumber classifies it (`MOBILE`, `PREMIUM_RATE`, ...). */
export type PhoneNumberType = LibraryNumberType;

/**
 * Number types refused by default: premium-rate and shared-cost numbers are
 * how toll fraud turns a "call me" button into money for an attacker.
 */
export const DEFAULT_REFUSED_NUMBER_TYPES: readonly PhoneNumberType[] = Object.freeze(['PREMIUM_RATE', 'SHARED_COST']);

/** Rules for accepting a number. */
export interface PhoneNumberPolicy {
  /** Region assumed for numbers typed without `+` (national format, e.g. `06 12345678` with `NL`). */
  readonly defaultRegion?: PhoneRegion | undefined;
  /** When set, only numbers of these regions are accepted (and sent to). */
  readonly allowedRegions?: readonly PhoneRegion[] | undefined;
  /** Number types refused. Default {@link DEFAULT_REFUSED_NUMBER_TYPES}. */
  readonly refusedNumberTypes?: readonly PhoneNumberType[] | undefined;
}

/** Why a number was refused. */
export type PhoneNumberProblem =
  /** Empty input. */
  | 'empty'
  /** Not a valid, complete number (or one with letters or an extension). */
  | 'invalid'
  /** Typed without a country code and no default region is configured. */
  | 'missing-country-code'
  /** A number of a region outside `allowedRegions`. */
  | 'region-not-allowed'
  /** A premium-rate or other refused type of number. */
  | 'number-type-refused';

/** The outcome of {@link checkPhoneNumber}. */
export type PhoneNumberCheck =
  | {
      readonly ok: true;
      /** E.164, e.g. `+31612345678`. */
      readonly number: string;
      /** The region, or null for non-geographic numbers (`+800`, `+882`, ...). */
      readonly region: PhoneRegion | null;
      /** The number's type, when known. */
      readonly type: PhoneNumberType | null;
    }
  | { readonly ok: false; readonly reason: PhoneNumberProblem };

// What people type around the digits; anything else (letters above all, which
// libphonenumber would silently ignore) makes the input invalid.
const TYPED_NUMBER = /^\+?[0-9 ().\-/\u00a0]+$/;
const MAX_INPUT_LENGTH = 64;

/**
 * Validates a number as typed in a form or read from storage and returns it in
 * E.164. Full-width digits are accepted; letters, extensions and incomplete
 * numbers are not.
 */
export function checkPhoneNumber(input: unknown, policy: PhoneNumberPolicy = {}): PhoneNumberCheck {
  if (typeof input !== 'string') return { ok: false, reason: 'invalid' };
  const text = input.normalize('NFKC').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_INPUT_LENGTH || !TYPED_NUMBER.test(text)) return { ok: false, reason: 'invalid' };
  if (!text.startsWith('+') && policy.defaultRegion === undefined) return { ok: false, reason: 'missing-country-code' };
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(text, policy.defaultRegion === undefined ? undefined : { defaultCountry: policy.defaultRegion });
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (!parsed.isValid() || parsed.ext !== undefined) return { ok: false, reason: 'invalid' };
  const region = parsed.country ?? null;
  if (policy.allowedRegions !== undefined && (region === null || !policy.allowedRegions.includes(region))) {
    return { ok: false, reason: 'region-not-allowed' };
  }
  const type = parsed.getType() ?? null;
  const refused = policy.refusedNumberTypes ?? DEFAULT_REFUSED_NUMBER_TYPES;
  if (type !== null && refused.includes(type)) return { ok: false, reason: 'number-type-refused' };
  return { ok: true, number: parsed.number, region, type };
}

/** Whether `region` is a region code libphonenumber knows. */
export function isPhoneRegion(region: unknown): region is PhoneRegion {
  return typeof region === 'string' && isSupportedCountry(region);
}

/** The country calling code of a region, e.g. `31` for `NL`. */
export function callingCodeOf(region: PhoneRegion): string {
  return getCountryCallingCode(region);
}

function parseE164(number: string): { international: string; callingCode: string } | null {
  try {
    const parsed = parsePhoneNumberWithError(number);
    return { international: parsed.formatInternational(), callingCode: parsed.countryCallingCode };
  } catch {
    return null;
  }
}

/**
 * An E.164 number in international notation for display:
 * `+31612345678` → `+31 6 12345678`. Unparseable input comes back unchanged.
 */
export function formatPhoneNumber(number: string): string {
  return parseE164(number)?.international ?? number;
}

/**
 * An E.164 number in international notation with every digit but the
 * country code and the last two masked: `+31612345678` → `+31 • ••••••78`.
 * Enough for a user to tell their phones apart, too little to call them.
 */
export function maskPhoneNumber(number: string): string {
  const parsed = parseE164(number);
  if (parsed === null) return '•••';
  const prefix = `+${parsed.callingCode}`;
  const rest = parsed.international.startsWith(prefix) ? parsed.international.slice(prefix.length) : parsed.international;
  const digits = rest.replace(/[^0-9]/g, '').length;
  let seen = 0;
  const masked = rest.replace(/[0-9]/g, (digit) => (++seen > digits - 2 ? digit : '•'));
  return `${prefix}${masked}`;
}
