import { getTimezone, getTimezonesForCountry } from 'countries-and-timezones';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

import type { Customer } from './customers.ts';
import { ConfigError } from './errors.ts';

/** The rule of `resolveTimeZone` that chose the zone. */
export type TimeZoneSource = 'phone' | 'customer' | 'business';

export interface ResolvedTimeZone {
  /** IANA time zone name, e.g. `Europe/Berlin`. */
  zone: string;
  source: TimeZoneSource;
}

/** The wall-clock date and time of an instant in one zone. `month` is 1-12 and `hour` is 0-23. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DAY_MS = 86_400_000;

/** One formatter per valid zone, because building an `Intl.DateTimeFormat` costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone that gives a country's local time, or `null` when its zones differ, keyed by `country:year`. */
const singleLocalTimeZones = new Map<string, string | null>();

/**
 * Returns the ISO 3166-1 alpha-2 country of an E.164 number, or `undefined` when the number lacks
 * the `+` country code or matches no country. Numbers with calling code +1 resolve by area code to US, CA or a
 * Caribbean country, so +1 212 and +1 415 both give `US`.
 */
export function countryOfPhone(phone: string): string | undefined {
  return parsePhoneNumberFromString(phone)?.country;
}

/**
 * Returns the IANA zones of a country, read from the package `countries-and-timezones`, whose data
 * follows the IANA tz database's zone1970.tab. A zone shared by several countries is listed for each
 * of them, so Germany has `Europe/Berlin` and `Europe/Zurich` (for Büsingen). Returns `[]` for an
 * unknown country.
 */
export function zonesOfCountry(country: string): string[] {
  const zones = getTimezonesForCountry(country.trim().toUpperCase()) ?? [];

  return zones.map((zone) => zone.name);
}

/** Checks that `zone` is an IANA time zone name that the runtime's `Intl` accepts. UTC offsets such as `+01:00` are rejected. */
export function isValidTimeZone(zone: string): boolean {
  if (formatters.has(zone)) {
    return true;
  }

  // Newer engines accept offsets as time zones, but an offset ignores daylight saving time.
  if (zone === '' || zone.startsWith('+') || zone.startsWith('-')) {
    return false;
  }

  try {
    formatterOf(zone);
    return true;
  } catch (error) {
    if (error instanceof RangeError) {
      return false;
    }
    throw error;
  }
}

/**
 * Picks the time zone for a customer's quiet hours by the first rule that applies:
 * 1. `phone`: the phone number's country keeps one local time. All its zones must have the same UTC
 *    offset on every day of the calendar year of `at` and the next one, so Germany counts as one
 *    zone and the US does not.
 * 2. `customer`: the customer's `timeZone` attribute is a valid IANA zone.
 * 3. `business`: the business's zone.
 * The address `country` is not used. When it equals the phone's country, rule 1 already covers it,
 * and when it differs, the phone's country is the better guess of where the customer reads the SMS.
 * `at` picks the years of rule 1 and defaults to now. Throws `ConfigError` when `businessTimeZone`
 * is not a valid IANA zone.
 */
export function resolveTimeZone(
  customer: Pick<Customer, 'phone' | 'country' | 'timeZone'>,
  businessTimeZone: string,
  at: Date = new Date(),
): ResolvedTimeZone {
  if (!isValidTimeZone(businessTimeZone)) {
    throw new ConfigError(`invalid business time zone "${businessTimeZone}": expected an IANA name such as America/New_York`);
  }

  const phoneCountry = customer.phone === undefined ? undefined : countryOfPhone(customer.phone);
  const phoneZone = phoneCountry === undefined ? undefined : singleLocalTimeZoneOf(phoneCountry, at);
  if (phoneZone !== undefined) {
    return { zone: phoneZone, source: 'phone' };
  }

  const customerZone = customer.timeZone?.trim();
  if (customerZone !== undefined && isValidTimeZone(customerZone)) {
    return { zone: customerZone, source: 'customer' };
  }

  return { zone: businessTimeZone, source: 'business' };
}

/** Returns the wall-clock date and time of `at` in `zone`. Throws `RangeError` for an invalid zone. */
export function localDateTime(at: Date, zone: string): LocalDateTime {
  const parts = formatterOf(zone).formatToParts(at);
  const valueOf = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((part) => part.type === type)?.value);

  return {
    year: valueOf('year'),
    month: valueOf('month'),
    day: valueOf('day'),
    hour: valueOf('hour'),
    minute: valueOf('minute'),
    second: valueOf('second'),
  };
}

/** Returns the UTC offset of `zone` at `at` in minutes, positive east of Greenwich (Berlin in winter: 60). */
export function utcOffsetMinutes(at: Date, zone: string): number {
  const local = localDateTime(at, zone);
  const localAsUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const wholeSeconds = Math.floor(at.getTime() / 1000) * 1000;

  return Math.round((localAsUtc - wholeSeconds) / 60_000);
}

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    // `hourCycle: 'h23'` gives midnight as 0. `hour12: false` gives 24 in some engines.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }

  return formatter;
}

/**
 * Returns a zone that gives the country's local time when all its zones agree, else `undefined`.
 * A zone the runtime does not know counts as disagreeing. Of equal zones it prefers one whose
 * zone1970.tab row names this country first, e.g. `Europe/Berlin` for Germany, not `Europe/Zurich`.
 */
function singleLocalTimeZoneOf(country: string, at: Date): string | undefined {
  const year = at.getUTCFullYear();
  const key = `${country}:${year}`;
  if (!singleLocalTimeZones.has(key)) {
    const zones = zonesOfCountry(country);
    const agree = zones.length > 0 && zones.every(isValidTimeZone) && zonesAgreeInYears(zones, year, 2);
    const preferred = zones.find((zone) => getTimezone(zone)?.countries[0] === country) ?? zones[0];
    singleLocalTimeZones.set(key, agree && preferred !== undefined ? preferred : null);
  }

  return singleLocalTimeZones.get(key) ?? undefined;
}

/**
 * Compares the zones' UTC offsets at 12:00 UTC of each day from 1 January of `firstYear` on.
 * NOTE: offsets are sampled once a day, so zones that switch daylight saving time on the same day
 * but at different hours count as equal.
 */
function zonesAgreeInYears(zones: string[], firstYear: number, years: number): boolean {
  const [first, ...others] = zones;
  if (first === undefined) {
    return false;
  }

  const start = Date.UTC(firstYear, 0, 1, 12);
  const end = Date.UTC(firstYear + years, 0, 1, 12);
  for (let time = start; time < end; time += DAY_MS) {
    const day = new Date(time);
    const offset = utcOffsetMinutes(day, first);
    if (others.some((zone) => utcOffsetMinutes(day, zone) !== offset)) {
      return false;
    }
  }

  return true;
}
