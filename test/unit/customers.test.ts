import { describe, expect, it } from 'vitest';
import type { Customer } from '../../src/core/customers.ts';
import { checkInvitationEligibility, greetingName } from '../../src/core/customers.ts';

const ELIGIBLE_CUSTOMER: Customer = {
  customerId: 'customer-1',
  phone: '+14155550132',
  name: 'Ada Lovelace',
  firstName: 'Ada',
  email: 'ada@example.com',
  country: 'US',
  status: 'active',
  smsConsent: true,
  createdAt: '2025-03-01T10:00:00.000Z',
  updatedAt: '2025-03-01T10:00:00.000Z',
};

function customerWith(overrides: Partial<Customer>): Customer {
  return { ...ELIGIBLE_CUSTOMER, ...overrides };
}

describe('customers', () => {
  describe('checkInvitationEligibility', () => {
    it('returns phone when eligible', () => {
      // Act
      const eligibility = checkInvitationEligibility(ELIGIBLE_CUSTOMER);

      // Assess
      expect(eligibility).toEqual({ eligible: true, phone: '+14155550132' });
    });

    it.each([
      { label: 'inactive', overrides: { status: 'inactive' }, reason: 'inactive' },
      { label: 'without SMS consent', overrides: { smsConsent: false }, reason: 'noConsent' },
      { label: 'without phone', overrides: { phone: undefined }, reason: 'noPhone' },
      { label: 'with empty phone', overrides: { phone: '' }, reason: 'noPhone' },
    ] satisfies Array<{ label: string; overrides: Partial<Customer>; reason: string }>)('skips customer $label', ({ overrides, reason }) => {
      // Act
      const eligibility = checkInvitationEligibility(customerWith(overrides));

      // Assess
      expect(eligibility).toEqual({ eligible: false, reason });
    });

    it.each([
      { label: 'inactive without consent', overrides: { status: 'inactive', smsConsent: false }, reason: 'inactive' },
      { label: 'inactive without phone', overrides: { status: 'inactive', phone: undefined }, reason: 'inactive' },
      { label: 'no consent, no phone', overrides: { smsConsent: false, phone: undefined }, reason: 'noConsent' },
      { label: 'all three apply', overrides: { status: 'inactive', smsConsent: false, phone: undefined }, reason: 'inactive' },
    ] satisfies Array<{ label: string; overrides: Partial<Customer>; reason: string }>)('reports first reason when $label', ({ overrides, reason }) => {
      // Act
      const eligibility = checkInvitationEligibility(customerWith(overrides));

      // Assess
      expect(eligibility).toEqual({ eligible: false, reason });
    });
  });

  describe('greetingName', () => {
    it.each([
      { name: 'Smith, John', expected: 'John' },
      { name: 'Doe, Jane (dup)', expected: 'Jane' },
      { name: '"Maya" Okafor', expected: 'Maya' },
      { name: '(unknown)', expected: 'unknown' },
      { name: '---', expected: '' },
      { name: "O'Brien, Seán", expected: 'Seán' },
    ])('greets $name as $expected', ({ name, expected }) => {
      // Act
      const greeting = greetingName({ name });

      // Assess
      expect(greeting).toBe(expected);
    });

    it('prefers the first name', () => {
      // Act
      const name = greetingName({ firstName: 'Augusta', name: 'Ada Lovelace' });

      // Assess
      expect(name).toBe('Augusta');
    });

    it('trims the first name', () => {
      // Act
      const name = greetingName({ firstName: '  Ada ', name: 'Ada Lovelace' });

      // Assess
      expect(name).toBe('Ada');
    });

    it('uses first word without first name', () => {
      // Act
      const name = greetingName({ name: 'Ada Lovelace' });

      // Assess
      expect(name).toBe('Ada');
    });

    it('uses first word for blank first name', () => {
      // Act
      const name = greetingName({ firstName: '   ', name: 'Ada Lovelace' });

      // Assess
      expect(name).toBe('Ada');
    });

    it('skips whitespace around full name', () => {
      // Act
      const name = greetingName({ name: ' \t Ada \n Lovelace ' });

      // Assess
      expect(name).toBe('Ada');
    });

    it('returns empty for blank names', () => {
      // Act
      const name = greetingName({ firstName: '', name: '  ' });

      // Assess
      expect(name).toBe('');
    });
  });
});
