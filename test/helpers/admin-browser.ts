import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { Customer } from '../../src/core/customers.ts';
import { createInvitation } from '../../src/core/invitations.ts';
import type { Review } from '../../src/core/reviews.ts';
import { reviewIdFor } from '../../src/core/reviews.ts';
import { createStores } from '../../src/functions/shared/runtime.ts';
import type { TestStack } from './local-stack.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Reads the admin password that the stack generated in its data folder, as a person would with `cat`. */
export async function readAdminPassword(stack: TestStack): Promise<string> {
  return (await readFile(stack.paths.adminPassword, 'utf8')).trim();
}

/**
 * Runs an action that posts a form and waits until the browser has loaded the resulting page, after
 * any redirect. Returns the HTTP status of the post itself, such as 303 for a redirect.
 */
export async function readPostStatus(page: Page, submit: () => Promise<void>): Promise<number> {
  const response = page.waitForResponse((candidate) => candidate.request().method() === 'POST');
  // Waiting for the next load event, not for a URL, also works when the result has the same URL.
  const loaded = page.waitForEvent('load');
  await submit();

  const status = (await response).status();
  await loaded;
  return status;
}

/** Fills the login form on the current page and submits it with the Enter key, as a keyboard user would. */
export function submitLogin(page: Page, password: string): Promise<number> {
  return readPostStatus(page, async () => {
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Password').press('Enter');
  });
}

/** Opens `/admin`, which redirects to the login page, and signs in with the stack's password. */
export async function signIn(page: Page, stack: TestStack): Promise<void> {
  await page.goto(`${stack.url}/admin`);
  await submitLogin(page, await readAdminPassword(stack));
  await page.waitForURL(`${stack.url}/admin`);
}

/** Reads the count in each queue tab, such as `{ All: 4, New: 3, Approved: 1, Rejected: 0 }`. */
export async function readTabCounts(page: Page): Promise<Record<string, number>> {
  const labels = await page.getByRole('navigation', { name: 'Review status' }).getByRole('link').allTextContents();
  const counts: Record<string, number> = {};
  for (const label of labels) {
    const match = /^(\w+) \((\d+)\)$/.exec(label.trim());
    if (!match?.[1] || !match[2]) {
      throw new Error(`invalid queue tab label ${JSON.stringify(label)}: expected a name and a count, such as "New (3)"`);
    }

    counts[match[1]] = Number(match[2]);
  }

  return counts;
}

/** Reads the main value of one dashboard number, such as "Answered" or "Average rating". */
export async function readNumber(page: Page, label: string): Promise<string> {
  const value = page.locator('.numbers .number').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd').first();
  return (await value.textContent())?.trim() ?? '';
}

/** One seeded customer: when they were invited, and the review they wrote and its moderation, if any. */
interface ShowcaseEntry {
  name: string;
  phone: string;
  daysAgo: number;
  rating?: number;
  text?: string;
  decision?: { status: 'approved' | 'rejected'; reason?: string };
  /** Whether a customer without a review opened the link. Every customer with a rating opened it. */
  opened?: boolean;
}

// Fictional customers with 555-01xx numbers, which are reserved for fiction in North America.
const SHOWCASE: readonly ShowcaseEntry[] = [
  { name: 'Maya Okafor', phone: '+14155550132', daysAgo: 52, rating: 5, text: 'Best flat white in the neighbourhood. The barista remembered my order after two visits.', decision: { status: 'approved' } },
  { name: 'Daniel Reyes', phone: '+15105550148', daysAgo: 47, rating: 4, text: 'Good coffee, a bit loud at lunchtime.', decision: { status: 'approved', reason: 'Fair and specific' } },
  { name: 'Priya Shah', phone: '+15125550171', daysAgo: 40, rating: 2, text: 'Waited twenty minutes for a cold brew and nobody said sorry.', decision: { status: 'approved', reason: 'Honest complaint; we replied by phone' } },
  { name: 'Tom Becker', phone: '+15035550110', daysAgo: 36, opened: true },
  { name: 'Lena Hoffmann', phone: '+15035550121', daysAgo: 33, rating: 5, text: 'Lovely staff.', decision: { status: 'approved' } },
  { name: 'Oliver Hughes', phone: '+14155550165', daysAgo: 26, rating: 1, text: 'Call me at 415 555 0199 for a better deal on espresso machines!!!', decision: { status: 'rejected', reason: 'Advertising and a phone number' } },
  { name: 'Grace Kim', phone: '+13035550199', daysAgo: 22, rating: 4, text: '' },
  {
    name: 'Chris Morgan',
    phone: '+13035550143',
    daysAgo: 17,
    rating: 5,
    text: 'We come every Saturday with the kids. The hot chocolate is excellent, the pastries are baked in the morning, and the staff always find us a table by the window, even when it is busy. Thank you!',
    decision: { status: 'approved', reason: 'Lovely detail' },
  },
  { name: 'Sam Nguyen', phone: '+13125550187', daysAgo: 12, opened: false },
  { name: 'Ana Silva', phone: '+13125550112', daysAgo: 9, rating: 3, text: 'Coffee was fine, but the oat milk ran out again.' },
  { name: 'Jonas Berg', phone: '+12065550175', daysAgo: 4, rating: 4, text: 'Friendly service and quick, even with a queue out the door.' },
  { name: 'Rosa Diaz', phone: '+12065550136', daysAgo: 2, rating: 5, text: 'My new favourite place to work from. Fast wifi, great cortado.' },
  { name: 'Kai Tanaka', phone: '+12065550158', daysAgo: 1, opened: true },
];

/** How many seeded reviews have each status, for checking the tabs. */
export const SHOWCASE_COUNTS = {
  new: SHOWCASE.filter((entry) => entry.rating !== undefined && !entry.decision).length,
  approved: SHOWCASE.filter((entry) => entry.decision?.status === 'approved').length,
  rejected: SHOWCASE.filter((entry) => entry.decision?.status === 'rejected').length,
};

/**
 * Stores customers, sent invitations and reviews spread over the last eight weeks, some of them
 * approved or rejected, so that the charts, numbers and tabs show realistic data. The product
 * stamps every review with the current time, so only direct writes can date them in the past.
 * Returns the ids of the seeded reviews, newest last.
 */
export async function seedShowcaseReviews(now = new Date()): Promise<string[]> {
  const { customers, invitations, reviews } = createStores(process.env);
  const reviewIds: string[] = [];

  for (const entry of SHOWCASE) {
    // Hours of the day vary between reviews, as they would for real customers.
    const answeredAt = new Date(now.getTime() - entry.daysAgo * DAY_MS - ((entry.daysAgo * 5) % 9) * HOUR_MS);
    const sentAt = new Date(answeredAt.getTime() - 5 * HOUR_MS);
    const customer = showcaseCustomer(entry, sentAt);
    await customers.put(customer);

    const invitation = createInvitation(customer.customerId, sentAt, 7);
    await invitations.create(invitation);
    await invitations.markSent(invitation.invitationId, `msg-${invitation.invitationId}`, sentAt.toISOString());
    if (entry.opened || entry.rating !== undefined) {
      await invitations.markOpened(invitation.invitationId, new Date(answeredAt.getTime() - 10 * 60 * 1000).toISOString());
    }

    if (entry.rating === undefined) {
      continue;
    }

    const review: Review = {
      reviewId: reviewIdFor(invitation.invitationId),
      invitationId: invitation.invitationId,
      customerId: customer.customerId,
      rating: entry.rating,
      text: entry.text ?? '',
      status: 'new',
      createdAt: answeredAt.toISOString(),
    };
    await reviews.createOnce(review);
    await invitations.markUsed(invitation.invitationId, review.createdAt);
    reviewIds.push(review.reviewId);

    if (entry.decision) {
      const at = new Date(answeredAt.getTime() + 20 * HOUR_MS).toISOString();
      await reviews.moderate(review.reviewId, 'new', { status: entry.decision.status, at, by: 'admin', ...(entry.decision.reason ? { reason: entry.decision.reason } : {}) });
    }
  }

  return reviewIds;
}

function showcaseCustomer(entry: ShowcaseEntry, createdAt: Date): Customer {
  return {
    customerId: `cus_${randomUUID().replaceAll('-', '')}`,
    phone: entry.phone,
    name: entry.name,
    firstName: entry.name.split(' ')[0],
    status: 'active',
    smsConsent: true,
    createdAt: createdAt.toISOString(),
    updatedAt: createdAt.toISOString(),
  };
}
