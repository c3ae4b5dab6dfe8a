import { ValidationError } from '../errors.ts';
import type { ReviewPosition } from '../ports.ts';
import type { ReviewStatus } from '../reviews.ts';
import { REVIEW_STATUSES } from '../reviews.ts';

/** The last review the queue returned from each status. A status without an entry starts at its newest. */
export type QueueCursor = Partial<Record<ReviewStatus, ReviewPosition>>;

const REVIEW_ID = /^[0-9a-f]{32}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeQueueCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/**
 * Reads a cursor the queue gave out. It comes back from a URL, so a cursor without a valid review id
 * and time for each status is rejected with a message, and other fields are dropped, before
 * anything reaches the database as a start key.
 */
export function decodeQueueCursor(value: string | undefined): QueueCursor {
  if (value === undefined || value === '') {
    return {};
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }

  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidCursor();
  }

  const cursor: QueueCursor = {};
  for (const [status, position] of Object.entries(parsed)) {
    if (!(REVIEW_STATUSES as readonly string[]).includes(status) || !isPosition(position)) {
      throw invalidCursor();
    }

    cursor[status as ReviewStatus] = { reviewId: position.reviewId, createdAt: position.createdAt };
  }

  return cursor;
}

function isPosition(value: unknown): value is ReviewPosition {
  const candidate = value as Partial<ReviewPosition> | null;
  return typeof candidate === 'object' && candidate !== null && REVIEW_ID.test(String(candidate.reviewId)) && ISO_TIME.test(String(candidate.createdAt));
}

function invalidCursor(): ValidationError {
  return new ValidationError('cursor', 'cursor is not one this page gave out; start again from the first page');
}
