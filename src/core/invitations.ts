import { createHash, randomBytes } from 'node:crypto';

/**
 * Lifecycle of one invitation SMS: `pending` is written before sending, then `sent` or `failed`.
 * `unconfirmed` marks a record a resumed run found still pending: the run stopped between writing
 * it and recording the result, so whether the SMS left is unknown, and it is not sent again.
 */
export type InvitationStatus = 'pending' | 'sent' | 'failed' | 'unconfirmed';

/** A first invitation, or the one reminder for it; a reminder links to the original invitation. */
export type InvitationKind = 'invitation' | 'reminder';

/** One invitation SMS to one customer; the table doubles as the SMS audit trail. */
export interface Invitation {
  /** 32 lowercase hex digits: 128 random bits. */
  invitationId: string;
  customerId: string;
  status: InvitationStatus;
  /** Absent on records written before runs existed; treat them as first invitations. */
  kind?: InvitationKind;
  /** The invitation run that created the record. */
  runId?: string;
  /** For a reminder, the invitation whose link it repeats. */
  reminderFor?: string;
  createdAt: string;
  expiresAt: string;
  sentAt?: string;
  /** The SNS message id of the SMS, stored once SNS accepted it. */
  messageId?: string;
  failure?: string;
  openedAt?: string;
  usedAt?: string;
}

export const DEFAULT_INVITATION_TTL_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Returns a new invitation id: 128 bits from the operating system's CSPRNG, as hex. */
export function newInvitationId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Derives the id of a run's invitation or reminder for a customer. The same run, kind and customer
 * always give the same id, so a resumed run finds what it already wrote instead of sending again.
 */
export function deterministicInvitationId(runId: string, kind: InvitationKind, customerId: string): string {
  return createHash('sha256').update(`${runId}\u0000${kind}\u0000${customerId}`).digest('hex').slice(0, 32);
}

export function createInvitation(customerId: string, now: Date, ttlDays: number, invitationId = newInvitationId()): Invitation {
  return {
    invitationId,
    customerId,
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlDays * DAY_MS).toISOString(),
  };
}

/** Builds the personal review link for a token, on the public base URL of the review pages. */
export function reviewLink(publicBaseUrl: string, token: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return `${base}/review?token=${token}`;
}

/**
 * Composes the invitation SMS. It names the business, contains the link, and ends with the opt-out
 * line that carriers expect of business messages.
 */
export function composeInvitationSms(businessName: string, firstName: string, link: string): string {
  const greeting = firstName ? `Hi ${firstName}, ` : 'Hi, ';
  return `${greeting}${businessName} would love your feedback: ${link} Reply STOP to opt out.`;
}
