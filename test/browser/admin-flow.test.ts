import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAdminPassword, readNumber, readPostStatus, readTabCounts, signIn, submitLogin } from '../helpers/admin-browser.ts';
import { checkedRating, focusedRating, launchBrowser, pageHeading } from '../helpers/browser.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';
import { startTestStack } from '../helpers/local-stack.ts';
import type { TestStack } from '../helpers/local-stack.ts';

const DESKTOP_VIEWPORT = { width: 1280, height: 800 };
const KEYBOARD_REVIEW_TEXT = 'The cinnamon bun was still warm and the barista was lovely';
const APPROVAL_REASON = 'Kind words about the team';
const CONFLICT_REVIEW_TEXT = 'Quick service even with a queue';

let stack: TestStack;
let browser: TestBrowser;
/** Review links from the invitation SMS, oldest first. */
let links: string[] = [];
/** Links a test already submitted a review with, because each link works once. */
const usedLinks = new Set<string>();

beforeAll(async () => {
  stack = await startTestStack();

  const imported = await runCli(stack.paths.root, ['import', 'examples/customers.csv']);
  if (imported.code !== 0) {
    throw new Error(`starling import exited with ${imported.code}: ${imported.stderr}`);
  }

  const invited = await runCli(stack.paths.root, ['invite']);
  if (invited.code !== 0) {
    throw new Error(`starling invite exited with ${invited.code}: ${invited.stderr}`);
  }

  links = (await stack.outbox()).flatMap((entry) => (entry.kind === 'sms' && entry.link ? [entry.link] : []));
  browser = await launchBrowser({ viewport: DESKTOP_VIEWPORT });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

function unusedLink(): string {
  const link = links.find((candidate) => !usedLinks.has(candidate));
  if (!link) {
    throw new Error(`all ${links.length} invitation links in the outbox are used already`);
  }

  usedLinks.add(link);
  return link;
}

/** Clicks a submit button, waits for the resulting page and returns the HTTP status of the post itself. */
function clickSubmit(page: Page, button: string): Promise<number> {
  return readPostStatus(page, () => page.getByRole('button', { name: button, exact: true }).click());
}

/** Submits a review on the customer page with the mouse, as most customers would. */
async function submitReviewByMouse(page: Page, link: string, ratingLabel: string, text: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('radio', { name: ratingLabel }).check();
  await page.getByRole('textbox', { name: 'Tell us more (optional)' }).fill(text);

  expect(await clickSubmit(page, 'Send review')).toBe(200);
  expect(await pageHeading(page)).toBe('Thank you for your review');
}

describe('admin dashboard in Chromium', () => {
  it('moderates a keyboard review end to end', async () => {
    const page = await browser.context.newPage();

    // The customer follows the newest link in the outbox, which lists messages newest first.
    await page.goto(`${stack.url}/dev/outbox`);
    const newestLink = page.locator('a[href*="/review?token="]').first();
    const href = await newestLink.getAttribute('href');
    expect(links).toContain(href);
    usedLinks.add(href ?? '');
    await newestLink.click();
    await page.waitForURL(/\/review\?token=/);
    expect(await pageHeading(page)).toBe('Please give your review');
    const firstName = /^Hi (\S+), how was/.exec((await page.locator('p.lead').textContent()) ?? '')?.[1];
    expect(firstName, 'the greeting names the customer').toBeDefined();

    // Tab reaches the first star without choosing it, Space chooses it, and arrows move the choice.
    await page.keyboard.press('Tab');
    expect(await focusedRating(page)).toBe('5');
    expect(await checkedRating(page)).toBeNull();
    await page.keyboard.press('Space');
    expect(await checkedRating(page)).toBe('5');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focusedRating(page)).toBe('3');
    expect(await checkedRating(page)).toBe('3');

    await page.keyboard.press('Tab');
    await page.keyboard.type(KEYBOARD_REVIEW_TEXT);
    await page.keyboard.press('Tab');
    expect(await readPostStatus(page, () => page.keyboard.press('Enter'))).toBe(200);
    expect(await pageHeading(page)).toBe('Thank you for your review');
    expect(await page.locator('p.lead').textContent()).toBe('You gave Harbor Coffee 3 out of 5 stars (Okay).');

    // The admin opens the dashboard and is sent to sign in first.
    await page.goto(`${stack.url}/admin`);
    const loginUrl = new URL(page.url());
    expect(loginUrl.pathname).toBe('/admin/login');
    expect(loginUrl.searchParams.get('returnTo')).toBe('/admin');
    expect(await pageHeading(page)).toBe('Sign in');

    expect(await submitLogin(page, await readAdminPassword(stack))).toBe(303);
    await page.waitForURL(`${stack.url}/admin`);
    expect(await pageHeading(page)).toBe('Reviews and numbers');
    expect(await page.getByRole('navigation', { name: 'Admin' }).textContent()).toContain('Signed in as admin');

    const answeredBefore = await readNumber(page, 'Answered');
    const averageBefore = await readNumber(page, 'Average rating');
    const tabsBefore = await readTabCounts(page);
    expect(answeredBefore).toBe('1');
    expect(averageBefore).toBe('3.0');
    expect(tabsBefore).toEqual({ All: 1, New: 1, Approved: 0, Rejected: 0 });

    // The admin finds the review in the queue and approves it with a reason.
    await page.getByRole('link', { name: KEYBOARD_REVIEW_TEXT }).click();
    await page.waitForURL(/\/admin\/reviews\/[0-9a-f]{32}$/);
    expect(await pageHeading(page)).toMatch(new RegExp(`^3-star review from ${firstName} `));
    expect(await page.locator('blockquote.review-text').textContent()).toBe(KEYBOARD_REVIEW_TEXT);

    await page.getByRole('textbox', { name: 'Reason for approving (optional)' }).fill(APPROVAL_REASON);
    expect(await clickSubmit(page, 'Approve')).toBe(303);
    expect(new URL(page.url()).searchParams.get('done')).toBe('approved');
    expect(await page.getByRole('status').textContent()).toBe('Review approved.');
    expect(await page.locator('.badge').first().textContent()).toBe('Approved');

    const history = await page.locator('ol.history li').allTextContents();
    expect(history).toHaveLength(2);
    expect(history[0]).toMatch(/^New .+ \(sent by the customer\)$/);
    expect(history[1]).toMatch(new RegExp(`^Approved .+ by admin: “${APPROVAL_REASON}”$`));

    // Back on the dashboard, the review moved from New to Approved and still counts in the Answered number.
    await page.getByRole('link', { name: '← Back to the reviews' }).click();
    await page.waitForURL(`${stack.url}/admin`);
    const tabsAfter = await readTabCounts(page);
    expect(tabsAfter.New).toBe((tabsBefore.New ?? 0) - 1);
    expect(tabsAfter.Approved).toBe((tabsBefore.Approved ?? 0) + 1);
    expect(tabsAfter.All).toBe(tabsBefore.All);
    expect(await readNumber(page, 'Answered')).toBe(answeredBefore);
    expect(await readNumber(page, 'Average rating')).toBe(averageBefore);
    await page.close();
  });

  it('rejects a decision made on a stale page', async () => {
    const first = await launchBrowser({ viewport: DESKTOP_VIEWPORT });
    const second = await launchBrowser({ viewport: DESKTOP_VIEWPORT });
    try {
      const customerPage = await first.context.newPage();
      await submitReviewByMouse(customerPage, unusedLink(), '4 – Good', CONFLICT_REVIEW_TEXT);

      // Two admins, each in their own browser session, open the same new review.
      const approving = await first.context.newPage();
      await signIn(approving, stack);
      await approving.getByRole('link', { name: CONFLICT_REVIEW_TEXT }).click();
      await approving.waitForURL(/\/admin\/reviews\/[0-9a-f]{32}$/);
      const reviewUrl = approving.url();

      const rejecting = await second.context.newPage();
      await signIn(rejecting, stack);
      await rejecting.goto(reviewUrl);
      expect(await rejecting.getByRole('button', { name: 'Reject', exact: true }).count()).toBe(1);

      expect(await clickSubmit(approving, 'Approve')).toBe(303);
      expect(await approving.getByRole('status').textContent()).toBe('Review approved.');

      await rejecting.getByRole('textbox', { name: 'Reason for rejecting (optional)' }).fill('Looks like spam');
      expect(await clickSubmit(rejecting, 'Reject')).toBe(409);
      const alert = (await rejecting.getByRole('alert').textContent()) ?? '';
      expect(alert).toMatch(/^Nothing was changed: while you were deciding, admin marked this review approved \(\d+ \w+ \d{4}, \d{2}:\d{2}\)/);
      expect(await rejecting.locator('.badge').first().textContent()).toBe('Approved');

      // Reloading shows the review still approved, with no rejection in its history.
      await rejecting.goto(reviewUrl);
      expect(await rejecting.locator('.badge').first().textContent()).toBe('Approved');
      const history = await rejecting.locator('ol.history li').allTextContents();
      expect(history).toHaveLength(2);
      expect(history[1]).toMatch(/^Approved .+ by admin$/);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('signs out and rejects a wrong password', async () => {
    const session = await launchBrowser({ viewport: DESKTOP_VIEWPORT });
    try {
      const page = await session.context.newPage();
      await signIn(page, stack);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${stack.url}/admin/login?signedOut=1`);
      expect(await page.getByRole('status').textContent()).toBe('You are signed out.');
      expect((await session.context.cookies()).map((cookie) => cookie.name)).not.toContain('starling_admin');

      await page.goto(`${stack.url}/admin`);
      expect(new URL(page.url()).pathname).toBe('/admin/login');

      expect(await submitLogin(page, 'not-the-password')).toBe(401);
      expect(new URL(page.url()).pathname).toBe('/admin/login');
      expect(await page.getByRole('alert').textContent()).toBe('That user name and password do not match. Check the password file and try again.');
      expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
      expect((await session.context.cookies()).map((cookie) => cookie.name)).not.toContain('starling_admin');

      await page.goto(`${stack.url}/admin`);
      expect(new URL(page.url()).pathname).toBe('/admin/login');
    } finally {
      await session.close();
    }
  });
});
