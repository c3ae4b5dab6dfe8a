import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: string };

const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/**
 * Converts a phone number as typed by a person to E.164. `country` is the ISO 3166-1 alpha-2 code used
 * when the number has no `+` country code. The full metadata of `libphonenumber-js/max` is loaded so
 * `isValid()` checks the number ranges of each country, not only the length.
 */
export function normalizePhone(raw: string, country?: string): PhoneResult {
  const value = raw.trim();
  if (value === '') {
    return { ok: false, reason: 'missing phone number' };
  }

  const countryCode = country === undefined ? undefined : toSupportedCountry(country);
  if (country !== undefined && countryCode === undefined) {
    const reason = `invalid country "${country}" for phone number "${value}": expected a two-letter ISO code such as US`;
    return { ok: false, reason };
  }

  const parsed = parsePhoneNumberFromString(value, countryCode);
  if (parsed === undefined || !parsed.isValid()) {
    const context = countryCode === undefined ? 'without a country code (add one, or pass --default-country, for example US)' : `for country ${countryCode}`;
    return { ok: false, reason: `invalid phone number "${value}" ${context}` };
  }

  return { ok: true, phone: parsed.number };
}

/**
 * Checks only the E.164 shape, for callers that must not load the phone metadata.
 * NOTE: Node still loads the metadata when it imports this module. A bundler such as esbuild drops it
 * from a bundle that uses only `isE164`, because libphonenumber-js 1.13 declares `"sideEffects": false`.
 */
export function isE164(value: string): boolean {
  return E164_PATTERN.test(value);
}

/**
 * Returns the upper-case form of a two-letter country code that libphonenumber has metadata for,
 * or `undefined` for any other value.
 */
export function toSupportedCountry(value: string): CountryCode | undefined {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code)) {
    return undefined;
  }

  return code;
}
