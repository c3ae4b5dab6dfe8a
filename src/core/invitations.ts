import { randomBytes } from 'node:crypto';

/** Lifecycle of one invitation SMS: created before sending, then sent or failed. */
export type InvitationStatus = 'pending' | 'sent' | 'failed';

/** One invitation SMS to one customer; the table doubles as the SMS audit trail. */
export interface Invitation {
  /** 32 lowercase hex digits: 128 random bits. */
  invitationId: string;
  customerId: string;
  status: InvitationStatus;
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
 * Composes the invitation SMS. It names the business, holds the link, and ends with the opt-out
 * line that carriers expect of business messages.
 */
export function composeInvitationSms(businessName: string, firstName: string, link: string): string {
  const greeting = firstName ? `Hi ${firstName}, ` : 'Hi, ';
  return `${greeting}${businessName} would love your feedback: ${link} Reply STOP to opt out.`;
}
