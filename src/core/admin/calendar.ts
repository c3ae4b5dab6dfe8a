import { localDateTime } from '../time-zones.ts';

// Calendar days are written `YYYY-MM-DD` and computed as UTC midnights, which have no daylight saving
// time. Only the step from an instant to its local day needs the zone. So a week is seven local days,
// whatever number of hours the clock change gives it.

const DAY_MS = 86_400_000;

/** Returns the calendar day of `at` in `zone`, as `YYYY-MM-DD`. Throws `RangeError` for an invalid zone or date. */
export function localDay(at: Date, zone: string): string {
  const { year, month, day } = localDateTime(at, zone);

  return formatDay(Date.UTC(year, month - 1, day));
}

/** Returns the Monday of the ISO 8601 week, Monday to Sunday, that contains `day`. */
export function mondayOf(day: string): string {
  const time = parseDay(day);
  // getUTCDay counts from Sunday as 0, so Monday gives 0 days back and Sunday gives 6.
  const daysSinceMonday = (new Date(time).getUTCDay() + 6) % 7;

  return formatDay(time - daysSinceMonday * DAY_MS);
}

/** Returns the Monday that starts the local week of `at` in `zone`. */
export function weekStartOf(at: Date, zone: string): string {
  return mondayOf(localDay(at, zone));
}

/** Returns `day` moved by `days` calendar days, forward when positive. */
export function addDays(day: string, days: number): string {
  return formatDay(parseDay(day) + days * DAY_MS);
}

/** Returns the Mondays of the `weeks` local weeks that end with the week of `now`, oldest first. */
export function lastWeekStarts(now: Date, zone: string, weeks: number): string[] {
  const current = weekStartOf(now, zone);

  return Array.from({ length: weeks }, (_, index) => addDays(current, (index - weeks + 1) * 7));
}

function parseDay(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new RangeError(`invalid day ${JSON.stringify(day)}: expected YYYY-MM-DD`);
  }

  return time;
}

function formatDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
