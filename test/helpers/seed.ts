import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseKeyRing } from '../../src/adapters/secrets/token-key-ring.ts';
import type { Customer } from '../../src/core/customers.ts';
import { createInvitation } from '../../src/core/invitations.ts';
import { REVIEW_STATUSES } from '../../src/core/reviews.ts';
import type { TokenKeyRing } from '../../src/core/tokens.ts';
import { signToken } from '../../src/core/tokens.ts';
import { createStores } from '../../src/functions/shared/runtime.ts';
import type { TestStack } from './local-stack.ts';

export interface SeededInvitation {
  customer: Customer;
  invitationId: string;
  token: string;
}

/** Reads the stack's signing keys, as the functions do. */
export async function readKeyRing(stack: TestStack): Promise<TokenKeyRing> {
  return parseKeyRing(JSON.parse(await readFile(stack.paths.tokenKeys, 'utf8')), stack.paths.tokenKeys);
}

/**
 * Stores a customer and an invitation directly, bypassing SMS, and returns a signed link token.
 * The stack's environment must be set, which `startTestStack` does.
 */
export async function seedInvitation(stack: TestStack, overrides: Partial<Customer> = {}, ttlDays = 7): Promise<SeededInvitation> {
  const { customers, invitations } = createStores(process.env);
  const now = new Date();
  const customer: Customer = {
    customerId: `cus_${randomUUID().replaceAll('-', '')}`,
    phone: `+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`,
    name: 'Maya Okafor',
    firstName: 'Maya',
    status: 'active',
    smsConsent: true,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...overrides,
  };
  await customers.put(customer);

  const invitation = createInvitation(customer.customerId, now, ttlDays);
  await invitations.create(invitation);

  const token = signToken(await readKeyRing(stack), invitation.invitationId, new Date(invitation.expiresAt));
  return { customer, invitationId: invitation.invitationId, token };
}

/** Counts the stored reviews of every status. */
export async function countReviews(): Promise<number> {
  const { reviews } = createStores(process.env);
  return (await Promise.all(REVIEW_STATUSES.map((status) => reviews.countByStatus(status, {})))).reduce((sum, count) => sum + count, 0);
}
