import type { Customer } from '../customers.ts';
import { greetingName } from '../customers.ts';
import { InvitationExistsError } from '../errors.ts';
import type { Invitation, InvitationKind } from '../invitations.ts';
import { createInvitation, deterministicInvitationId, reviewLink } from '../invitations.ts';
import { describeError, maskPhone } from '../masking.ts';
import type { Clock, CustomerStore, InvitationStore, Logger, SmsSender } from '../ports.ts';
import { retryWithBackoff } from '../retry.ts';
import { SmsOptedOutError, SmsOutcomeUnknownError, isRetryableSmsError } from '../sms-errors.ts';
import type { SmsTemplate } from '../sms-text.ts';
import { analyzeSms, renderSms } from '../sms-text.ts';
import type { TokenKeyRing } from '../tokens.ts';
import { signToken } from '../tokens.ts';

export interface DeliveryDeps {
  customers: CustomerStore;
  invitations: InvitationStore;
  sms: SmsSender;
  clock: Clock;
  logger: Logger;
  keyRing: TokenKeyRing;
  /** Resolves when the rate limit allows one more SMS. */
  acquireSendSlot: () => Promise<void>;
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; sleep?: (ms: number) => Promise<void> };
}

export interface DeliverySettings {
  businessName: string;
  publicBaseUrl: string;
  ttlDays: number;
  invitationTemplate: SmsTemplate;
  reminderTemplate: SmsTemplate;
}

export type DeliveryOutcome = 'sent' | 'reminderSent' | 'failed' | 'unconfirmed' | 'optedOut' | 'openedAlready';

/** The subject of one SMS: a new invitation, or a reminder repeating the link of an open one. */
export type DeliveryRequest =
  | { kind: 'invitation'; phone: string }
  | { kind: 'reminder'; phone: string; invitationId: string; expiresAt: string };

/**
 * Sends one run's SMS to one customer, exactly once per run. The record, whose id is derived from
 * the run and the customer, is written with a condition before sending and completed after, so a
 * resumed run finds it and never sends twice. A record still pending on resume is not sent again:
 * the run stopped after writing it, possibly after SNS accepted the SMS, and a duplicate costs money
 * and annoys the customer more than one missed invitation does. It becomes `unconfirmed` and counts
 * as invited for the cooldown.
 */
export async function deliver(deps: DeliveryDeps, settings: DeliverySettings, runId: string, customer: Customer, request: DeliveryRequest): Promise<DeliveryOutcome> {
  if (request.kind === 'reminder') {
    const original = await deps.invitations.get(request.invitationId);
    if (original?.openedAt || original?.usedAt) {
      return 'openedAlready';
    }
  }

  const record = newRecord(runId, customer, request, deps.clock.now(), settings.ttlDays);
  try {
    await deps.invitations.create(record);
  } catch (error) {
    if (error instanceof InvitationExistsError) {
      return recountRecord(deps, customer, record.invitationId);
    }

    throw error;
  }

  // The customer shows the invitation before the SMS leaves, so no other run, even after this one
  // stops for good, can find the customer eligible and text them a second time.
  await recordOnCustomer(deps, customer.customerId, record, record.createdAt);
  return send(deps, settings, customer, request, record);
}

function newRecord(runId: string, customer: Customer, request: DeliveryRequest, now: Date, ttlDays: number): Invitation {
  const kind: InvitationKind = request.kind;
  const id = deterministicInvitationId(runId, kind, customer.customerId);
  const record = { ...createInvitation(customer.customerId, now, ttlDays, id), kind, runId };

  // A reminder carries the original link, so it keeps the original expiry.
  return request.kind === 'reminder' ? { ...record, reminderFor: request.invitationId, expiresAt: request.expiresAt } : record;
}

async function send(deps: DeliveryDeps, settings: DeliverySettings, customer: Customer, request: DeliveryRequest, record: Invitation): Promise<DeliveryOutcome> {
  const linkedId = record.reminderFor ?? record.invitationId;
  const token = signToken(deps.keyRing, linkedId, new Date(record.expiresAt));
  const template = request.kind === 'reminder' ? settings.reminderTemplate : settings.invitationTemplate;
  const body = renderSms(template, { firstName: greetingName(customer), business: settings.businessName, link: reviewLink(settings.publicBaseUrl, token) });
  const { encoding, segments } = analyzeSms(body);
  const logFields = { invitationId: record.invitationId, customerId: customer.customerId, phone: maskPhone(request.phone), kind: request.kind, encoding, segments };

  let messageId: string;
  try {
    messageId = await retryWithBackoff(
      async () => {
        await deps.acquireSendSlot();
        return (await deps.sms.send({ phoneNumber: request.phone, body })).messageId;
      },
      { ...deps.retry, isRetryable: isRetryableSmsError, onRetry: (attempt, error, delayMs) => deps.logger.warn('SMS send retried', { ...logFields, attempt, delayMs, failure: describeError(error) }) },
    );
  } catch (error) {
    return recordFailure(deps, customer, record, error, logFields);
  }

  const sentAt = deps.clock.now().toISOString();
  await deps.invitations.markSent(record.invitationId, messageId, sentAt);
  deps.logger.info('invitation SMS sent', { ...logFields, messageId });
  return request.kind === 'reminder' ? 'reminderSent' : 'sent';
}

async function recordFailure(deps: DeliveryDeps, customer: Customer, record: Invitation, error: unknown, logFields: Record<string, unknown>): Promise<DeliveryOutcome> {
  const failure = describeError(error);
  if (error instanceof SmsOutcomeUnknownError) {
    await deps.invitations.markUnconfirmed(record.invitationId);
    deps.logger.warn('SMS outcome unknown after a network error; not sent again', { ...logFields, failure });
    return 'unconfirmed';
  }

  await deps.invitations.markFailed(record.invitationId, failure);

  // The SMS certainly did not leave, so the customer stays eligible for the next run.
  if (record.kind === 'reminder' && record.reminderFor) {
    await deps.customers.revertReminder(customer.customerId, record.reminderFor);
  } else {
    await deps.customers.revertInvitation(customer.customerId, record.invitationId, customer);
  }

  if (error instanceof SmsOptedOutError) {
    await deps.customers.markOptedOut(customer.customerId, deps.clock.now().toISOString());
    deps.logger.info('customer opted out at the carrier; marked opted out', logFields);
    return 'optedOut';
  }

  deps.logger.error('invitation SMS failed', { ...logFields, failure });
  return 'failed';
}

/** Counts a record this run wrote before it stopped, finishing what the stop interrupted. */
export async function recountRecord(deps: DeliveryDeps, customer: Customer, invitationId: string): Promise<DeliveryOutcome> {
  const existing = await deps.invitations.get(invitationId);
  if (!existing) {
    throw new Error(`invitation ${invitationId} exists but cannot be read back`);
  }

  switch (existing.status) {
    case 'sent':
      await recordOnCustomer(deps, customer.customerId, existing, existing.sentAt ?? existing.createdAt);
      return existing.kind === 'reminder' ? 'reminderSent' : 'sent';
    case 'failed':
      return existing.failure?.startsWith('SmsOptedOutError') ? 'optedOut' : 'failed';
    case 'pending':
      await deps.invitations.markUnconfirmed(existing.invitationId);
      await recordOnCustomer(deps, customer.customerId, existing, existing.createdAt);
      deps.logger.warn('invitation left pending by a stopped run; not sent again', { invitationId: existing.invitationId, customerId: customer.customerId });
      return 'unconfirmed';
    default:
      return 'unconfirmed';
  }
}

async function recordOnCustomer(deps: DeliveryDeps, customerId: string, record: Invitation, sentAt: string): Promise<void> {
  if (record.kind === 'reminder' && record.reminderFor) {
    await deps.customers.recordReminder(customerId, record.reminderFor);
    return;
  }

  await deps.customers.recordInvitation(customerId, { invitationId: record.invitationId, sentAt, expiresAt: record.expiresAt });
}
