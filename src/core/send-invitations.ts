import type { Customer, InvitationSkipReason } from './customers.ts';
import { checkInvitationEligibility, greetingName } from './customers.ts';
import { composeInvitationSms, createInvitation, reviewLink } from './invitations.ts';
import { describeError, maskPhone } from './masking.ts';
import type { Clock, CustomerStore, InvitationStore, Logger, SmsSender } from './ports.ts';
import type { TokenKeyRing } from './tokens.ts';
import { signToken } from './tokens.ts';

export interface SendInvitationsDeps {
  customers: CustomerStore;
  invitations: InvitationStore;
  sms: SmsSender;
  keyRing: () => Promise<TokenKeyRing>;
  clock: Clock;
  logger: Logger;
}

export interface SendInvitationsOptions {
  businessName: string;
  publicBaseUrl: string;
  ttlDays: number;
  /** Decide and report only: nothing is stored and no SMS is sent. */
  dryRun: boolean;
}

/** One customer's outcome in a dry run, for the operator who asked; the phone is masked. */
export interface PlannedInvitation {
  customerId: string;
  name: string;
  phone?: string;
  decision: 'send' | InvitationSkipReason;
}

export interface InvitationRunSummary {
  dryRun: boolean;
  /** SMS that SNS accepted; always 0 in a dry run. */
  sent: number;
  /** Customers who would get an SMS; present in dry runs only. */
  wouldSend?: number;
  failed: number;
  skipped: Record<InvitationSkipReason, number>;
  durationMs: number;
  /** Present in dry runs only. */
  planned?: PlannedInvitation[];
}

/**
 * Sends one invitation SMS to every eligible customer. It reads all customers page by page, so
 * tables larger than one 1 MB scan page are covered, and one failed SMS never stops the run.
 */
// NOTE: every run invites every eligible customer again; cooldowns and open-invitation checks
// are not built yet, so run it once per batch of new customers.
export async function sendInvitations(deps: SendInvitationsDeps, options: SendInvitationsOptions): Promise<InvitationRunSummary> {
  const startedAt = deps.clock.now().getTime();
  const summary: InvitationRunSummary = { dryRun: options.dryRun, sent: 0, failed: 0, skipped: { inactive: 0, noConsent: 0, noPhone: 0 }, durationMs: 0 };
  const planned: PlannedInvitation[] = [];
  const keyRing = await deps.keyRing();

  let cursor: string | undefined;
  do {
    const page = await deps.customers.scanPage(cursor);
    for (const customer of page.items) {
      const eligibility = checkInvitationEligibility(customer);
      const maskedPhone = customer.phone ? maskPhone(customer.phone) : undefined;

      if (!eligibility.eligible) {
        summary.skipped[eligibility.reason] += 1;
        planned.push({ customerId: customer.customerId, name: customer.name, phone: maskedPhone, decision: eligibility.reason });
        continue;
      }

      planned.push({ customerId: customer.customerId, name: customer.name, phone: maskedPhone, decision: 'send' });
      if (options.dryRun) {
        summary.wouldSend = (summary.wouldSend ?? 0) + 1;
        continue;
      }

      const delivered = await inviteCustomer(deps, options, keyRing, customer, eligibility.phone);
      summary[delivered ? 'sent' : 'failed'] += 1;
    }

    cursor = page.nextCursor;
  } while (cursor);

  summary.durationMs = deps.clock.now().getTime() - startedAt;
  if (options.dryRun) {
    summary.planned = planned;
  }

  deps.logger.info('invitation run finished', { ...summary, planned: undefined });
  return summary;
}

/**
 * Stores the invitation before sending, so every SMS that leaves has an audit record, then
 * completes it with the SNS message id. Returns whether SNS accepted the SMS.
 */
async function inviteCustomer(
  deps: SendInvitationsDeps,
  options: SendInvitationsOptions,
  keyRing: TokenKeyRing,
  customer: Customer,
  phone: string,
): Promise<boolean> {
  const invitation = createInvitation(customer.customerId, deps.clock.now(), options.ttlDays);
  await deps.invitations.create(invitation);

  const token = signToken(keyRing, invitation.invitationId, new Date(invitation.expiresAt));
  const body = composeInvitationSms(options.businessName, greetingName(customer), reviewLink(options.publicBaseUrl, token));
  const logFields = { invitationId: invitation.invitationId, customerId: customer.customerId, phone: maskPhone(phone) };

  let messageId: string;
  try {
    ({ messageId } = await deps.sms.send({ phoneNumber: phone, body }));
  } catch (error) {
    const failure = describeError(error);
    deps.logger.error('invitation SMS failed', { ...logFields, failure });
    await recordFailure(deps, invitation.invitationId, failure);
    return false;
  }

  try {
    await deps.invitations.markSent(invitation.invitationId, messageId, deps.clock.now().toISOString());
  } catch (error) {
    // The SMS has left, so it counts as sent; the record stays pending with the reason in the log.
    deps.logger.error('SMS sent but its invitation could not be completed', { ...logFields, messageId, failure: describeError(error) });
  }

  deps.logger.info('invitation sent', { ...logFields, messageId });
  return true;
}

/** Stores why an SMS failed. A store error is logged, not thrown, so the run goes on to the next customer. */
async function recordFailure(deps: SendInvitationsDeps, invitationId: string, failure: string): Promise<void> {
  try {
    await deps.invitations.markFailed(invitationId, failure);
  } catch (error) {
    deps.logger.error('failed to record an SMS failure; the invitation stays pending', { invitationId, failure: describeError(error) });
  }
}
