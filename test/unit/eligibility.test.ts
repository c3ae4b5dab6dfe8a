import { describe, expect, it } from 'vitest';
import type { Customer } from '../../src/core/customers.ts';
import type { EligibilityRules } from '../../src/core/invitation-run/eligibility.ts';
import { decideInvitation } from '../../src/core/invitation-run/eligibility.ts';

/** 15:00 UTC is 16:00 in Berlin, inside the 09:00-20:00 window. */
const NOW = new Date('2026-06-10T14:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

const RULES: EligibilityRules = {
  invitationCooldownDays: 30,
  reviewCooldownDays: 180,
  businessTimeZone: 'Europe/Berlin',
  sendingWindow: { startHour: 9, endHour: 20 },
};

const CUSTOMER: Customer = {
  customerId: 'customer-1',
  phone: '+4930901820',
  name: 'Lena Hoffmann',
  status: 'active',
  smsConsent: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * DAY_MS).toISOString();
}

function daysAhead(days: number): string {
  return new Date(NOW.getTime() + days * DAY_MS).toISOString();
}

describe('decideInvitation', () => {
  it('invites an eligible customer', () => {
    expect(decideInvitation(CUSTOMER, NOW, RULES)).toEqual({ action: 'invite', phone: '+4930901820' });
  });

  it.each([
    ['inactive', { status: 'inactive' }],
    ['optedOut', { optedOut: true }],
    ['noConsent', { smsConsent: false }],
    ['noPhone', { phone: undefined }],
    ['invalidPhone', { phone: '030 901820' }],
    ['recentlyReviewed', { lastReviewedAt: daysAgo(179) }],
    ['cooldown', { lastInvitationId: 'a'.repeat(32), lastInvitedAt: daysAgo(29), lastInvitationExpiresAt: daysAgo(22) }],
    ['openInvitation', { lastInvitationId: 'a'.repeat(32), lastInvitedAt: daysAgo(2), lastInvitationExpiresAt: daysAhead(5) }],
  ] as const)('skips as %s', (reason, overrides) => {
    const decision = decideInvitation({ ...CUSTOMER, ...overrides } as Customer, NOW, RULES);

    expect(decision).toEqual({ action: 'skip', reason });
  });

  it('names the personal reason first', () => {
    const decision = decideInvitation({ ...CUSTOMER, optedOut: true, smsConsent: false, lastReviewedAt: daysAgo(1) }, NOW, RULES);

    expect(decision).toEqual({ action: 'skip', reason: 'optedOut' });
  });

  it('invites again after the cooldown', () => {
    const decision = decideInvitation({ ...CUSTOMER, lastInvitationId: 'a'.repeat(32), lastInvitedAt: daysAgo(31), lastInvitationExpiresAt: daysAgo(24) }, NOW, RULES);

    expect(decision.action).toBe('invite');
  });

  it('invites again after the review cooldown', () => {
    expect(decideInvitation({ ...CUSTOMER, lastReviewedAt: daysAgo(181) }, NOW, RULES).action).toBe('invite');
  });

  it('treats an answered invitation as closed', () => {
    const answered = { ...CUSTOMER, lastInvitationId: 'a'.repeat(32), lastInvitedAt: daysAgo(40), lastInvitationExpiresAt: daysAhead(5), lastReviewedAt: daysAgo(1) };

    expect(decideInvitation(answered, NOW, { ...RULES, reviewCooldownDays: 0 }).action).toBe('invite');
  });

  describe('reminders', () => {
    const OPEN = { lastInvitationId: 'b'.repeat(32), lastInvitedAt: daysAgo(4), lastInvitationExpiresAt: daysAhead(3) };

    it('offers a reminder when due', () => {
      const decision = decideInvitation({ ...CUSTOMER, ...OPEN }, NOW, { ...RULES, reminderAfterDays: 3 });

      expect(decision).toEqual({ action: 'remindIfUnopened', phone: '+4930901820', invitationId: 'b'.repeat(32), expiresAt: OPEN.lastInvitationExpiresAt });
    });

    it('waits until the reminder is due', () => {
      const decision = decideInvitation({ ...CUSTOMER, ...OPEN }, NOW, { ...RULES, reminderAfterDays: 5 });

      expect(decision).toEqual({ action: 'skip', reason: 'openInvitation' });
    });

    it('sends no second reminder', () => {
      const decision = decideInvitation({ ...CUSTOMER, ...OPEN, remindedInvitationId: OPEN.lastInvitationId }, NOW, { ...RULES, reminderAfterDays: 3 });

      expect(decision).toEqual({ action: 'skip', reason: 'openInvitation' });
    });

    it('sends none when turned off', () => {
      expect(decideInvitation({ ...CUSTOMER, ...OPEN }, NOW, RULES)).toEqual({ action: 'skip', reason: 'openInvitation' });
    });
  });

  describe('quiet hours', () => {
    it.each([
      ['2026-06-10T06:59:00.000Z', 'skip'],
      ['2026-06-10T07:00:00.000Z', 'invite'],
      ['2026-06-10T17:59:00.000Z', 'invite'],
      ['2026-06-10T18:00:00.000Z', 'skip'],
    ] as const)('at %s UTC a Berlin number is %s', (time, action) => {
      expect(decideInvitation(CUSTOMER, new Date(time), RULES).action).toBe(action);
    });

    it('counts quiet hours as the reason', () => {
      expect(decideInvitation(CUSTOMER, new Date('2026-06-10T21:00:00.000Z'), RULES)).toEqual({ action: 'skip', reason: 'quietHours' });
    });

    it('uses the customer zone for US numbers', () => {
      const chicago = { ...CUSTOMER, phone: '+13125550123', timeZone: 'America/Chicago' };

      // 14:00 UTC is 09:00 in Chicago in June, and 10:00 in New York.
      expect(decideInvitation(chicago, new Date('2026-06-10T13:59:00.000Z'), RULES).action).toBe('skip');
      expect(decideInvitation(chicago, new Date('2026-06-10T14:00:00.000Z'), RULES).action).toBe('invite');
    });
  });
});
