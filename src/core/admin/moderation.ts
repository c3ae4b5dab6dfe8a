import { ValidationError } from '../errors.ts';
import type { Clock, Logger, ReviewStore } from '../ports.ts';
import type { Review, ReviewStatus } from '../reviews.ts';
import { REVIEW_STATUSES } from '../reviews.ts';

/** A moderation decision; a review can move between approved and rejected, but never back to new. */
export type Decision = 'approved' | 'rejected';

export const MAX_REASON_LENGTH = 500;

export interface ModerationDeps {
  reviews: ReviewStore;
  clock: Clock;
  logger: Logger;
}

export interface ModerationRequest {
  reviewId: string;
  decision: Decision;
  /** The user name of the admin deciding. */
  moderator: string;
  /** The status the admin saw; the change applies only if the review still has it. */
  expectedStatus: ReviewStatus;
  reason?: string;
}

/**
 * Approves or rejects a review. The change is conditional on the status the admin saw, so when two
 * admins decide at once the second gets `ModerationConflictError` instead of overwriting the first.
 */
export async function moderateReview(deps: ModerationDeps, request: ModerationRequest): Promise<Review> {
  if (request.expectedStatus === request.decision) {
    throw new ValidationError('status', `review ${request.reviewId} is already ${request.decision}`);
  }

  const change = {
    status: request.decision,
    at: deps.clock.now().toISOString(),
    by: request.moderator,
    ...(request.reason ? { reason: request.reason } : {}),
  };
  const review = await deps.reviews.moderate(request.reviewId, request.expectedStatus, change);

  deps.logger.info('review moderated', { reviewId: review.reviewId, status: review.status, from: request.expectedStatus });
  return review;
}

/** Reads an approve-or-reject decision from a request field or CLI word. */
export function parseDecision(value: unknown): Decision {
  if (value === 'approved' || value === 'approve') {
    return 'approved';
  }

  if (value === 'rejected' || value === 'reject') {
    return 'rejected';
  }

  throw new ValidationError('decision', `decision must be "approve" or "reject", got ${describe(value)}`);
}

export function parseStatus(value: unknown, field = 'status'): ReviewStatus {
  if (typeof value === 'string' && (REVIEW_STATUSES as readonly string[]).includes(value)) {
    return value as ReviewStatus;
  }

  throw new ValidationError(field, `${field} must be one of ${REVIEW_STATUSES.join(', ')}, got ${describe(value)}`);
}

/**
 * Reads the optional moderation reason: trimmed, at most 500 characters, one paragraph of
 * printable text. Returns undefined when the admin gave none.
 */
export function parseReason(value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }

  if (typeof value !== 'string') {
    throw new ValidationError('reason', `reason must be text, got ${describe(value)}`);
  }

  const reason = value.trim().replace(/\r\n?/g, '\n');
  if ([...reason].length > MAX_REASON_LENGTH) {
    throw new ValidationError('reason', `reason must be at most ${MAX_REASON_LENGTH} characters, got ${[...reason].length}`);
  }

  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(reason)) {
    throw new ValidationError('reason', 'reason must not contain control characters');
  }

  return reason || undefined;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') {
    const shown = [...value].length > 40 ? `${[...value].slice(0, 40).join('')}…` : value;
    return JSON.stringify(shown);
  }

  return Array.isArray(value) ? 'several values' : String(value);
}
