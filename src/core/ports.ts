import type { Customer } from './customers.ts';
import type { Invitation } from './invitations.ts';
import type { Review, ReviewStatus, StatusChange } from './reviews.ts';

/** One page of a paginated read; `nextCursor` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface CustomerStore {
  get(customerId: string): Promise<Customer | undefined>;
  findByPhone(phone: string): Promise<Customer | undefined>;
  findByEmail(email: string): Promise<Customer | undefined>;
  /** Writes the whole customer, replacing any stored customer with the same id. */
  put(customer: Customer): Promise<void>;
  /**
   * Reads one page of all customers. Pass the previous page's `nextCursor` to continue. With
   * `segment`, reads only that part of a parallel scan of `segment.total` parts. `limit` caps the
   * customers in the page; without it a page ends at 1 MB.
   */
  scanPage(cursor?: string, segment?: { index: number; total: number }, limit?: number): Promise<Page<Customer>>;
  /** Marks the customer opted out of all SMS; returns false when no such customer exists. */
  markOptedOut(customerId: string, at: string): Promise<boolean>;
  /** Records an accepted invitation SMS on the customer, for cooldown and open-invitation checks. */
  recordInvitation(customerId: string, invitation: { invitationId: string; sentAt: string; expiresAt: string }): Promise<void>;
  /** Records that a reminder was sent for the customer's current invitation. */
  recordReminder(customerId: string, invitationId: string): Promise<void>;
  /**
   * Puts back the customer's previous invitation fields after an SMS that definitely failed, if the
   * customer still shows `invitationId`; for a reminder, clears `remindedInvitationId` likewise.
   */
  revertInvitation(customerId: string, invitationId: string, previous: Pick<Customer, 'lastInvitationId' | 'lastInvitedAt' | 'lastInvitationExpiresAt'>): Promise<void>;
  revertReminder(customerId: string, invitationId: string): Promise<void>;
  /** Records the time of the customer's latest review, for the review cooldown. */
  recordReview(customerId: string, at: string): Promise<void>;
}

export interface InvitationStore {
  /** Stores a new invitation; throws `InvitationExistsError` when the id is taken. */
  create(invitation: Invitation): Promise<void>;
  get(invitationId: string): Promise<Invitation | undefined>;
  markSent(invitationId: string, messageId: string, sentAt: string): Promise<void>;
  markFailed(invitationId: string, failure: string): Promise<void>;
  /** Marks a record that a stopped run left pending; only a pending record changes. */
  markUnconfirmed(invitationId: string): Promise<void>;
  /** Records the first time the link was opened; later opens leave it unchanged. */
  markOpened(invitationId: string, openedAt: string): Promise<void>;
  markUsed(invitationId: string, usedAt: string): Promise<void>;
  /** Reads one page of all invitations, in no order; pass the previous page's `nextCursor` to continue. */
  scanPage(cursor?: string): Promise<Page<Invitation>>;
}

/** Narrows a listing or count of one status's reviews; every part is optional. */
export interface ReviewFilter {
  /** Only these ratings; absent or empty means every rating. */
  ratings?: number[];
  /** Only reviews created at or after this ISO time. */
  from?: string;
  /** Only reviews created before this ISO time. */
  before?: string;
}

/** The position where a newest-first listing stopped: the last review it returned. */
export interface ReviewPosition {
  reviewId: string;
  createdAt: string;
}

export interface ReviewStore {
  /** Stores the review unless one exists for its id; returns the stored review either way. */
  createOnce(review: Review): Promise<{ created: boolean; review: Review }>;
  get(reviewId: string): Promise<Review | undefined>;
  /**
   * Lists up to `limit` reviews of one status that match the filter, newest first, starting after
   * `after`. Follows storage pages until it has `limit` matches or none are left.
   */
  listByStatus(status: ReviewStatus, filter: ReviewFilter, after: ReviewPosition | undefined, limit: number): Promise<Review[]>;
  /** Counts the reviews of one status that match the filter, exactly, following every page. */
  countByStatus(status: ReviewStatus, filter: ReviewFilter): Promise<number>;
  /** Reads one page of all reviews, in no order; pass the previous page's `nextCursor` to continue. */
  scanPage(cursor?: string): Promise<Page<Review>>;
  /**
   * Moves the review to `change.status` if its status is still `expected`, appending the change to
   * its history. Throws `ReviewNotFoundError`, or `ModerationConflictError` with the current review.
   */
  moderate(reviewId: string, expected: ReviewStatus, change: StatusChange): Promise<Review>;
}

export interface SmsMessage {
  /** E.164 phone number. */
  phoneNumber: string;
  body: string;
}

export interface SmsSender {
  /** Sends one SMS and returns the provider's message id. */
  send(message: SmsMessage): Promise<{ messageId: string }>;
}

export interface AdminNotification {
  subject: string;
  body: string;
}

export interface AdminNotifier {
  notify(notification: AdminNotification): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** The subset of a structured logger the core uses; Powertools Logger satisfies it. */
export interface Logger {
  debug(message: string, ...extra: LogFields[]): void;
  info(message: string, ...extra: LogFields[]): void;
  warn(message: string, ...extra: LogFields[]): void;
  error(message: string, ...extra: LogFields[]): void;
}

export type LogFields = Record<string, unknown>;

export const systemClock: Clock = { now: () => new Date() };
