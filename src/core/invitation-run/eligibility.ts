import type { Customer } from '../customers.ts';
import { isE164 } from '../phone.ts';
import { isWithinSendingWindow } from '../quiet-hours.ts';
import { resolveTimeZone } from '../time-zones.ts';

/** The reason a customer gets no SMS in this run. */
export type SkipReason =
  | 'inactive'
  | 'optedOut'
  | 'noConsent'
  | 'noPhone'
  | 'invalidPhone'
  | 'recentlyReviewed'
  | 'openInvitation'
  | 'cooldown'
  | 'quietHours';

export const SKIP_REASONS: readonly SkipReason[] = ['inactive', 'optedOut', 'noConsent', 'noPhone', 'invalidPhone', 'recentlyReviewed', 'openInvitation', 'cooldown', 'quietHours'];

export type Decision =
  | { action: 'invite'; phone: string }
  /** A reminder for the open invitation, if that invitation was neither opened nor reviewed. */
  | { action: 'remindIfUnopened'; phone: string; invitationId: string; expiresAt: string }
  | { action: 'skip'; reason: SkipReason };

export interface EligibilityRules {
  /** No new invitation within this many days of the last one. */
  invitationCooldownDays: number;
  /** No invitation within this many days of the customer's last review. */
  reviewCooldownDays: number;
  /** Days after an unanswered invitation to send its one reminder; undefined turns reminders off. */
  reminderAfterDays?: number;
  businessTimeZone: string;
  sendingWindow: { startHour: number; endHour: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Decides what this run does for one customer, from the customer record alone. The order matters:
 * reasons about the person (status, opt-out, consent, phone) come before reasons about timing, so
 * the summary reports "opted out" rather than "quiet hours" for someone who will never get an SMS.
 */
export function decideInvitation(customer: Customer, now: Date, rules: EligibilityRules): Decision {
  const personal = personalReason(customer);
  if (personal) {
    return { action: 'skip', reason: personal };
  }

  const phone = customer.phone ?? '';
  if (isWithin(customer.lastReviewedAt, now, rules.reviewCooldownDays)) {
    return { action: 'skip', reason: 'recentlyReviewed' };
  }

  const open = openInvitation(customer, now);
  if (open) {
    const reminder = reminderDue(customer, open, now, rules);
    if (!reminder) {
      return { action: 'skip', reason: 'openInvitation' };
    }

    return withinWindow(customer, now, rules) ? { action: 'remindIfUnopened', phone, ...open } : { action: 'skip', reason: 'quietHours' };
  }

  if (isWithin(customer.lastInvitedAt, now, rules.invitationCooldownDays)) {
    return { action: 'skip', reason: 'cooldown' };
  }

  return withinWindow(customer, now, rules) ? { action: 'invite', phone } : { action: 'skip', reason: 'quietHours' };
}

function personalReason(customer: Customer): SkipReason | undefined {
  if (customer.status !== 'active') {
    return 'inactive';
  }

  if (customer.optedOut) {
    return 'optedOut';
  }

  if (!customer.smsConsent) {
    return 'noConsent';
  }

  if (!customer.phone) {
    return 'noPhone';
  }

  return isE164(customer.phone) ? undefined : 'invalidPhone';
}

/** Returns the customer's latest invitation when it is unexpired and no review came after it. */
function openInvitation(customer: Customer, now: Date): { invitationId: string; expiresAt: string } | undefined {
  const { lastInvitationId, lastInvitedAt, lastInvitationExpiresAt, lastReviewedAt } = customer;
  if (!lastInvitationId || !lastInvitedAt || !lastInvitationExpiresAt) {
    return undefined;
  }

  const expired = Date.parse(lastInvitationExpiresAt) <= now.getTime();
  const answered = lastReviewedAt !== undefined && lastReviewedAt >= lastInvitedAt;
  return expired || answered ? undefined : { invitationId: lastInvitationId, expiresAt: lastInvitationExpiresAt };
}

function reminderDue(customer: Customer, open: { invitationId: string }, now: Date, rules: EligibilityRules): boolean {
  if (rules.reminderAfterDays === undefined || customer.remindedInvitationId === open.invitationId) {
    return false;
  }

  return !isWithin(customer.lastInvitedAt, now, rules.reminderAfterDays);
}

function withinWindow(customer: Customer, now: Date, rules: EligibilityRules): boolean {
  const { zone } = resolveTimeZone(customer, rules.businessTimeZone);
  return isWithinSendingWindow(now, zone, rules.sendingWindow);
}

function isWithin(timestamp: string | undefined, now: Date, days: number): boolean {
  return timestamp !== undefined && now.getTime() - Date.parse(timestamp) < days * DAY_MS;
}
