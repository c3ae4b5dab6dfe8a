import type { Customer } from './customers.ts';
import { greetingName } from './customers.ts';
import { InvitationUnavailableError, ReviewAlreadySubmittedError } from './errors.ts';
import type { Invitation } from './invitations.ts';
import type { Clock, CustomerStore, InvitationStore, Logger, ReviewStore } from './ports.ts';
import { reviewIdFor } from './reviews.ts';
import type { TokenKeyRing } from './tokens.ts';
import { verifyToken } from './tokens.ts';

export interface ReviewAccessDeps {
  customers: CustomerStore;
  invitations: InvitationStore;
  reviews: ReviewStore;
  keyRing: () => Promise<TokenKeyRing>;
  clock: Clock;
  logger: Logger;
}

/** The invitation, customer and greeting behind a verified link, for the review page. */
export interface ReviewContext {
  invitation: Invitation;
  customer: Customer;
  firstName: string;
  token: string;
}

/**
 * Resolves a review link to its invitation and customer. The token is verified before anything
 * is read; the invitation must exist and belong to an active customer.
 */
export async function resolveReviewLink(deps: ReviewAccessDeps, token: unknown): Promise<ReviewContext> {
  const verified = verifyToken(await deps.keyRing(), token, deps.clock.now());

  const invitation = await deps.invitations.get(verified.invitationId);
  if (!invitation) {
    throw new InvitationUnavailableError(`invitation ${verified.invitationId} not found`);
  }

  const customer = await deps.customers.get(invitation.customerId);
  if (!customer || customer.status !== 'active') {
    throw new InvitationUnavailableError(`customer of invitation ${invitation.invitationId} is missing or inactive`);
  }

  return { invitation, customer, firstName: greetingName(customer), token: token as string };
}

/**
 * Opens the review form for a link. Opening never uses up the link, because SMS apps and link
 * scanners fetch links before people do. It only records the first time the link was opened.
 */
export async function openReviewForm(deps: ReviewAccessDeps, token: unknown): Promise<ReviewContext> {
  const context = await resolveReviewLink(deps, token);

  const existing = await deps.reviews.get(reviewIdFor(context.invitation.invitationId));
  if (existing) {
    throw new ReviewAlreadySubmittedError(existing.reviewId);
  }

  if (!context.invitation.openedAt) {
    await recordFirstOpen(deps, context.invitation.invitationId);
  }

  return context;
}

async function recordFirstOpen(deps: ReviewAccessDeps, invitationId: string): Promise<void> {
  try {
    await deps.invitations.markOpened(invitationId, deps.clock.now().toISOString());
  } catch (error) {
    // The open time is a statistic; failing to store it must not keep the customer from the form.
    deps.logger.warn('failed to record invitation open', { invitationId, error });
  }
}
