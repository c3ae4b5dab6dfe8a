import { ValidationError } from '../errors.ts';
import { firstInstantAtLocalTime } from '../quiet-hours.ts';
import { MAX_RATING, MIN_RATING, REVIEW_STATUSES } from '../reviews.ts';
import { describe } from './moderation.ts';
import type { ReviewQuery, StatusView } from './review-queue.ts';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** The queue's filters as they arrive from a query string or the CLI: text, possibly repeated. */
export interface RawReviewQuery {
  status?: string;
  /** One rating, a comma list (`4,5`), or several values. */
  rating?: string | string[];
  /** First day to include, `YYYY-MM-DD`, in the business's time zone. */
  from?: string;
  /** Last day to include, `YYYY-MM-DD`, in the business's time zone. */
  to?: string;
  cursor?: string;
  limit?: string;
}

/**
 * Turns the raw filters into a query, naming the field and value of the first that is wrong.
 * Days are the business's days: "from 2026-12-01" starts at midnight in its time zone.
 */
export function parseReviewQuery(raw: RawReviewQuery, timeZone: string): ReviewQuery {
  const from = raw.from ? parseDay(raw.from, 'from') : undefined;
  const to = raw.to ? parseDay(raw.to, 'to') : undefined;
  if (from !== undefined && to !== undefined && from > to) {
    throw new ValidationError('to', `to (${raw.to}) must not be before from (${raw.from})`);
  }

  return {
    status: parseStatusView(raw.status),
    filter: {
      ...(raw.rating !== undefined ? { ratings: parseRatings(raw.rating) } : {}),
      ...(from !== undefined ? { from: startOfDay(from, timeZone) } : {}),
      ...(to !== undefined ? { before: startOfDay(to + DAY_MS, timeZone) } : {}),
    },
    ...(raw.cursor ? { cursor: raw.cursor } : {}),
    limit: parseLimit(raw.limit),
  };
}

export function parseStatusView(value: string | undefined): StatusView {
  if (value === undefined || value === '' || value === 'all') {
    return 'all';
  }

  if ((REVIEW_STATUSES as readonly string[]).includes(value)) {
    return value as StatusView;
  }

  throw new ValidationError('status', `status must be all, ${REVIEW_STATUSES.join(', ')}, got ${describe(value)}`);
}

function parseRatings(value: string | string[]): number[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()).filter(Boolean);
  const ratings = new Set<number>();
  for (const part of parts) {
    const rating = Number(part);
    if (!/^\d$/.test(part) || rating < MIN_RATING || rating > MAX_RATING) {
      throw new ValidationError('rating', `rating must be whole stars from ${MIN_RATING} to ${MAX_RATING}, got ${describe(part)}`);
    }

    ratings.add(rating);
  }

  return [...ratings].sort();
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Parses `YYYY-MM-DD` to that date's midnight as if it were UTC, rejecting days that do not exist. */
function parseDay(value: string, field: 'from' | 'to'): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new ValidationError(field, `${field} must be a real date written YYYY-MM-DD, got ${describe(value)}`);
  }

  return time;
}

function startOfDay(wallTime: number, timeZone: string): string {
  return firstInstantAtLocalTime(wallTime, timeZone).toISOString();
}

function parseLimit(value: string | undefined): number {
  if (value === undefined || value === '') {
    return DEFAULT_PAGE_SIZE;
  }

  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError('limit', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${describe(value)}`);
  }

  return limit;
}
