import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWCASE_COUNTS, readPostStatus, readTabCounts, seedShowcaseReviews, signIn, submitLogin } from '../helpers/admin-browser.ts';
import { findAccessibilityViolations, launchBrowser, saveScreenshot } from '../helpers/browser.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { startTestStack } from '../helpers/local-stack.ts';
import type { TestStack } from '../helpers/local-stack.ts';

const DESKTOP_VIEWPORT = { width: 1280, height: 800 };
const PHONE_VIEWPORT = { width: 390, height: 844 };
const REVIEW_PATH = /\/admin\/reviews\/[0-9a-f]{32}(\?.*)?$/;

// Texts of seeded reviews that are still new. Each test that decides on one uses its own.
const SCREENSHOT_REVIEW = 'Friendly service and quick, even with a queue out the door.';
const DECIDED_REVIEW = 'Coffee was fine, but the oat milk ran out again.';
const CONFLICT_REVIEW = /^\(no text\) 4-star rating of /;
const NO_SCRIPT_REVIEW = 'My new favourite place to work from. Fast wifi, great cortado.';

let stack: TestStack;
let browser: TestBrowser;

beforeAll(async () => {
  // A fixed zone keeps the seeded weeks, and so the screenshots, the same on every machine.
  process.env.STARLING_TIME_ZONE = 'America/Los_Angeles';
  stack = await startTestStack();
  browser = await launchBrowser({ viewport: DESKTOP_VIEWPORT });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

function docsImage(name: string): string {
  return fileURLToPath(new URL(`../../docs/images/${name}`, import.meta.url));
}

function pageHeading(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).textContent();
}

/** Opens an admin page in the shared browser, signing in first when the session has none. */
async function openAdminPage(path: string, viewport = DESKTOP_VIEWPORT): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`${stack.url}${path}`);
  if (new URL(page.url()).pathname === '/admin/login') {
    await signIn(page, stack);
    await page.goto(`${stack.url}${path}`);
  }

  return page;
}

/** Opens the review whose queue link has this text, from the All tab of the dashboard. */
async function openReview(page: Page, linkText: string | RegExp): Promise<string> {
  await page.goto(`${stack.url}/admin`);
  await page.getByRole('link', { name: linkText, exact: true }).click();
  await page.waitForURL(REVIEW_PATH);
  return page.url();
}

/** Clicks a submit button, waits for the resulting page and returns the HTTP status of the post itself. */
function clickSubmit(page: Page, button: string): Promise<number> {
  return readPostStatus(page, () => page.getByRole('button', { name: button, exact: true }).click());
}

function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

describe('admin accessibility with axe-core', () => {
  // The control proves that axe-core runs under the admin pages' own CSP and that the checks can fail.
  it('finds an unlabelled input', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${stack.url}/admin/login`);
    await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<input type="text">')`);

    const violations = await findAccessibilityViolations(page);
    expect(violations.map((violation) => violation.id)).toContain('label');
    await page.close();
  });

  it('passes the login page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${stack.url}/admin/login?returnTo=%2Fadmin`);

    expect(await pageHeading(page)).toBe('Sign in');
    expect(await findAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('passes the login error', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${stack.url}/admin/login`);

    expect(await submitLogin(page, 'not-the-password')).toBe(401);
    expect(await page.getByRole('alert').textContent()).toContain('do not match');
    expect(await findAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('passes the dashboard without reviews', async () => {
    const page = await openAdminPage('/admin');

    expect(await pageHeading(page)).toBe('Reviews and numbers');
    expect(await readTabCounts(page)).toEqual({ All: 0, New: 0, Approved: 0, Rejected: 0 });
    expect(await page.getByText('No reviews match these filters yet.').count()).toBe(1);
    expect(await page.locator('svg[role="img"]').count()).toBe(2);
    expect(await findAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  describe('with seeded reviews', () => {
    beforeAll(async () => {
      await seedShowcaseReviews();
    });

    it('shows seeded data for the docs', async () => {
      const page = await openAdminPage('/admin');

      expect(await readTabCounts(page)).toEqual({
        All: SHOWCASE_COUNTS.new + SHOWCASE_COUNTS.approved + SHOWCASE_COUNTS.rejected,
        New: SHOWCASE_COUNTS.new,
        Approved: SHOWCASE_COUNTS.approved,
        Rejected: SHOWCASE_COUNTS.rejected,
      });
      await saveScreenshot(page, docsImage('admin-dashboard.png'));

      await openReview(page, SCREENSHOT_REVIEW);
      expect(await pageHeading(page)).toBe('4-star review from Jonas Berg');
      await saveScreenshot(page, docsImage('admin-review.png'));
      await page.close();
    });

    it('passes the dashboard with data', async () => {
      const page = await openAdminPage('/admin');

      expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
      expect(await findAccessibilityViolations(page)).toEqual([]);
      await page.close();
    });

    it('passes a filtered empty dashboard', async () => {
      const page = await openAdminPage('/admin?status=new&rating=1,2&from=2001-01-01&to=2001-01-31');

      expect(await page.getByText('No reviews match these filters yet.').count()).toBe(1);
      expect(await page.locator('input[name="rating"]:checked').count()).toBe(2);
      expect(await page.locator('.tabs a[aria-current="page"]').textContent()).toBe('New (0)');
      expect(await findAccessibilityViolations(page)).toEqual([]);
      await page.close();
    });

    it('passes a new review page', async () => {
      const page = await openAdminPage('/admin');
      await openReview(page, DECIDED_REVIEW);

      expect(await page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Reject', exact: true }).count()).toBe(1);
      expect(await findAccessibilityViolations(page)).toEqual([]);
      await page.close();
    });

    it('passes a review page after a decision', async () => {
      const page = await openAdminPage('/admin');
      await openReview(page, DECIDED_REVIEW);
      await page.getByRole('textbox', { name: 'Reason for rejecting (optional)' }).fill('Complaint handled in person');

      expect(await clickSubmit(page, 'Reject')).toBe(303);
      expect(await page.getByRole('status').textContent()).toBe('Review rejected.');
      expect(await findAccessibilityViolations(page)).toEqual([]);
      await page.close();
    });

    it('passes the conflict page', async () => {
      const rejecting = await openAdminPage('/admin');
      const reviewUrl = await openReview(rejecting, CONFLICT_REVIEW);
      const approving = await openAdminPage(new URL(reviewUrl).pathname);

      expect(await clickSubmit(rejecting, 'Reject')).toBe(303);
      expect(await clickSubmit(approving, 'Approve')).toBe(409);
      expect(await approving.getByRole('alert').textContent()).toContain('admin marked this review rejected');
      expect(await findAccessibilityViolations(approving)).toEqual([]);
      await rejecting.close();
      await approving.close();
    });

    it('passes the dashboard on a phone', async () => {
      const page = await openAdminPage('/admin', PHONE_VIEWPORT);

      expect(await horizontalOverflow(page)).toBe(0);
      expect(await findAccessibilityViolations(page)).toEqual([]);
      await page.close();
    });

    it('passes a review page on a phone', async () => {
      const page = await openAdminPage('/admin', PHONE_VIEWPORT);
      await openReview(page, SCREENSHOT_REVIEW);

      expect(await horizontalOverflow(page)).toBe(0);
      expect(await findAccessibilityViolations(page)).toEqual([]);
      await page.close();
    });

    it('outlines focused queue links', async () => {
      const page = await openAdminPage('/admin');

      // Presses Tab from the top of the page, as a keyboard user does, until focus reaches the table.
      let focused = '';
      for (let presses = 0; presses < 60 && focused !== 'queue'; presses += 1) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate<string>(`document.activeElement?.matches('td.excerpt a') ? 'queue' : ''`);
      }

      expect(focused, 'Tab never reached a link in the review queue').toBe('queue');
      const outline = await page.evaluate<{ style: string; width: string }>(
        `(() => { const style = getComputedStyle(document.activeElement); return { style: style.outlineStyle, width: style.outlineWidth }; })()`,
      );
      expect(outline.style).not.toBe('none');
      expect(Number.parseFloat(outline.width)).toBeGreaterThanOrEqual(2);
      await page.close();
    });

    it('works without JavaScript', async () => {
      const noScript = await launchBrowser({ viewport: DESKTOP_VIEWPORT, javaScriptEnabled: false });
      try {
        const page = await noScript.context.newPage();
        // With scripts on, the inline script would change the title, so this proves they are off.
        await page.setContent('<title>before</title><script>document.title = "after"</script>');
        expect(await page.title()).toBe('before');

        await signIn(page, stack);
        expect(await page.locator('svg[role="img"]').count()).toBe(2);
        expect(await page.getByRole('img', { name: /^Ratings Ratings of \d+ reviews\. 5 stars: / }).count()).toBe(1);
        expect(await page.getByRole('img', { name: /^Reviews and invitations per week Reviews and first invitations sent per week/ }).count()).toBe(1);

        await openReview(page, NO_SCRIPT_REVIEW);
        expect(await clickSubmit(page, 'Approve')).toBe(303);
        expect(await page.getByRole('status').textContent()).toBe('Review approved.');
      } finally {
        await noScript.close();
      }
    });
  });
});
