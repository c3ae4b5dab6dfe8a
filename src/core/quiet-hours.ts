import { ConfigError } from './errors.ts';
import { localDateTime, utcOffsetMinutes } from './time-zones.ts';

/** Local hours in which SMS may be sent: from `startHour`:00 inclusive to `endHour`:00 exclusive. */
export interface SendingWindow {
  startHour: number;
  endHour: number;
}

/**
 * 09:00 to 20:00 in the customer's local time. The US TCPA rule, 47 CFR 64.1200(c)(1), bars telephone
 * solicitations before 8:00 or after 21:00 local time, and several states are stricter: Florida,
 * Maryland and Oklahoma allow 8:00 to 20:00. 9-20 lies inside all of these windows.
 * NOTE: it is not checked against every state's law. An industry table of state calling hours
 * (ClickPoint Software, July 2025) lists Kentucky at 10:00 to 21:00, so a business there should
 * set its own window.
 */
export const DEFAULT_SENDING_WINDOW: Readonly<SendingWindow> = Object.freeze({ startHour: 9, endHour: 20 });

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Local days after `at` that `nextWindowStart` searches. Tomorrow suffices unless a zone skips a day, as Pacific/Apia did on 2011-12-30. */
const MAX_DAYS_AHEAD = 3;

/** Returns the hour (0-23) of the wall clock in `zone` at `at`. Throws `RangeError` for an invalid zone. */
export function localHour(at: Date, zone: string): number {
  return localDateTime(at, zone).hour;
}

/** Checks whether the local hour in `zone` at `at` lies in `window`. */
export function isWithinSendingWindow(at: Date, zone: string, window: SendingWindow = DEFAULT_SENDING_WINDOW): boolean {
  const hour = localHour(at, zone);

  return hour >= window.startHour && hour < window.endHour;
}

/**
 * Returns the first instant at or after `at` when the window opens, that is when the local clock in
 * `zone` reaches `startHour`:00. Inside the window this is the next day's opening. When a daylight
 * saving time change skips `startHour`:00, the window opens at the change. When the clock repeats
 * the hour, it opens at the first of the two.
 */
export function nextWindowStart(at: Date, zone: string, window: SendingWindow = DEFAULT_SENDING_WINDOW): Date {
  checkWindow(window);

  const today = localDateTime(at, zone);
  for (let daysAhead = 0; daysAhead <= MAX_DAYS_AHEAD; daysAhead += 1) {
    const opening = firstInstantAtLocalTime(Date.UTC(today.year, today.month - 1, today.day + daysAhead, window.startHour), zone);
    if (opening.getTime() >= at.getTime() && isWithinSendingWindow(opening, zone, window)) {
      return opening;
    }
  }

  throw new Error(`failed to find an opening of sending window ${window.startHour}-${window.endHour} in ${zone} within ${MAX_DAYS_AHEAD} days of ${at.toISOString()}`);
}

/**
 * Parses a sending window written as `START-END` in whole hours of local time, e.g. `09-20`, with
 * 0 <= START < END <= 24. `name` is the setting's name for the error. Throws `ConfigError` quoting
 * the value.
 */
export function parseSendingWindow(value: string, name = 'sending window'): SendingWindow {
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(value.trim());
  if (match === null) {
    throw new ConfigError(`${name} must be START-END in whole hours of local time, such as 09-20, got "${value}"`);
  }

  const startHour = Number(match[1]);
  const endHour = Number(match[2]);
  if (endHour > 24 || startHour >= endHour) {
    throw new ConfigError(`${name} must have 0 <= START < END <= 24 hours, such as 09-20, got "${value}"`);
  }

  return { startHour, endHour };
}

function checkWindow(window: SendingWindow): void {
  const { startHour, endHour } = window;
  if (!Number.isInteger(startHour) || !Number.isInteger(endHour) || startHour < 0 || endHour > 24 || startHour >= endHour) {
    throw new RangeError(`invalid sending window ${startHour}-${endHour}: expected whole hours with 0 <= startHour < endHour <= 24`);
  }
}

/**
 * Returns the first instant whose wall-clock time in `zone` is `wallTime` (local time written as if it
 * were UTC, in ms). When a daylight saving time change skips `wallTime`, returns the change itself,
 * because that is when the local clock first passes `wallTime`.
 */
export function firstInstantAtLocalTime(wallTime: number, zone: string): Date {
  // A day before and after a wall time, the zone has the offsets in force on either side of any change near it.
  const offsetBefore = utcOffsetMinutes(new Date(wallTime - DAY_MS), zone);
  const offsetAfter = utcOffsetMinutes(new Date(wallTime + DAY_MS), zone);
  const candidates = [wallTime - offsetBefore * MINUTE_MS, wallTime - offsetAfter * MINUTE_MS]
    .filter((time) => wallTime - utcOffsetMinutes(new Date(time), zone) * MINUTE_MS === time)
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) {
    return new Date(candidates[0]);
  }

  // The wall time lies in a gap, so the change happens between these instants. Changes fall on whole minutes.
  let before = wallTime - offsetAfter * MINUTE_MS;
  let after = wallTime - offsetBefore * MINUTE_MS;
  while (after - before > MINUTE_MS) {
    const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
    if (utcOffsetMinutes(new Date(middle), zone) === offsetBefore) {
      before = middle;
    } else {
      after = middle;
    }
  }

  return new Date(after);
}
