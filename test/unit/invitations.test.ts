import { describe, expect, it } from 'vitest';
import { composeInvitationSms, createInvitation, newInvitationId, reviewLink } from '../../src/core/invitations.ts';

const NOW = new Date('2025-03-01T10:00:00.000Z');
const INVITATION_ID = '0123456789abcdef0123456789abcdef';
const BUSINESS_NAME = 'Harbor Coffee';
const LINK = 'https://reviews.example.com/review?token=AgEjRWeJq83vASNFZ4mrze9n0kq8pW1zXv3q7Qh3bNc2Rfxy9A';

describe('invitations', () => {
  describe('createInvitation', () => {
    it.each([
      { ttlDays: 1, expiresAt: '2025-03-02T10:00:00.000Z' },
      { ttlDays: 7, expiresAt: '2025-03-08T10:00:00.000Z' },
      { ttlDays: 30, expiresAt: '2025-03-31T10:00:00.000Z' },
    ])('expires after $ttlDays days', ({ ttlDays, expiresAt }) => {
      // Act
      const invitation = createInvitation('customer-1', NOW, ttlDays, INVITATION_ID);

      // Assess
      expect(invitation.expiresAt).toBe(expiresAt);
    });

    it('creates pending invitation now', () => {
      // Act
      const invitation = createInvitation('customer-1', NOW, 7, INVITATION_ID);

      // Assess
      expect(invitation).toEqual({
        invitationId: INVITATION_ID,
        customerId: 'customer-1',
        status: 'pending',
        createdAt: '2025-03-01T10:00:00.000Z',
        expiresAt: '2025-03-08T10:00:00.000Z',
      });
    });

    it('generates id when none given', () => {
      // Act
      const invitation = createInvitation('customer-1', NOW, 7);

      // Assess
      expect(invitation.invitationId).toMatch(/^[0-9a-f]{32}$/);
    });
  });

  describe('newInvitationId', () => {
    it('returns 32 lowercase hex digits', () => {
      // Act
      const invitationId = newInvitationId();

      // Assess
      expect(invitationId).toMatch(/^[0-9a-f]{32}$/);
    });

    it('differs across calls', () => {
      // Act
      const invitationIds = new Set(Array.from({ length: 1_000 }, () => newInvitationId()));

      // Assess
      expect(invitationIds.size).toBe(1_000);
    });
  });

  describe('composeInvitationSms', () => {
    it('names the business', () => {
      // Act
      const body = composeInvitationSms(BUSINESS_NAME, 'Ada', LINK);

      // Assess
      expect(body).toContain(BUSINESS_NAME);
    });

    it('contains the link', () => {
      // Act
      const body = composeInvitationSms(BUSINESS_NAME, 'Ada', LINK);

      // Assess
      expect(body).toContain(` ${LINK} `);
    });

    it('ends with opt-out line', () => {
      // Act
      const body = composeInvitationSms(BUSINESS_NAME, 'Ada', LINK);

      // Assess
      expect(body.endsWith('Reply STOP to opt out.')).toBe(true);
    });

    it('greets by first name', () => {
      // Act
      const body = composeInvitationSms(BUSINESS_NAME, 'Ada', LINK);

      // Assess
      expect(body.startsWith('Hi Ada, ')).toBe(true);
    });

    it('greets without name when empty', () => {
      // Act
      const body = composeInvitationSms(BUSINESS_NAME, '', LINK);

      // Assess
      expect(body).toBe(`Hi, ${BUSINESS_NAME} would love your feedback: ${LINK} Reply STOP to opt out.`);
    });
  });

  describe('reviewLink', () => {
    it.each(['https://reviews.example.com', 'https://reviews.example.com/', 'https://reviews.example.com///'])(
      'strips trailing slashes from %s',
      (publicBaseUrl) => {
        // Act
        const link = reviewLink(publicBaseUrl, 'TOKEN');

        // Assess
        expect(link).toBe('https://reviews.example.com/review?token=TOKEN');
      },
    );

    it('keeps path of base URL', () => {
      // Act
      const link = reviewLink('https://example.com/starling/', 'TOKEN');

      // Assess
      expect(link).toBe('https://example.com/starling/review?token=TOKEN');
    });
  });
});

describe('invitation SMS length', () => {
  /** One GSM-7 segment carries 160 characters, and the fixed wording and the link path take 119 of them. */
  const SEGMENT = 160;

  it('adds 119 characters to URL and names', () => {
    // Prepare
    const baseUrl = 'https://rv.example.com';
    const token = 'A'.repeat(50);

    // Act
    const sms = composeInvitationSms('Harbor Coffee', 'Maya', reviewLink(baseUrl, token));

    // Assess
    expect(sms.length).toBe(119 + baseUrl.length + 'Harbor Coffee'.length + 'Maya'.length);
  });

  it('fits one segment with a short domain', () => {
    // Act
    const sms = composeInvitationSms('Harbor Coffee', 'Maya', reviewLink('https://rv.example.com', 'A'.repeat(50)));

    // Assess
    expect(sms.length).toBeLessThanOrEqual(SEGMENT);
  });
});
