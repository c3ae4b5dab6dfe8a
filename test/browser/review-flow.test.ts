import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedRating, findAccessibilityViolations, focusedRating, launchBrowser, pageHeading, saveScreenshot } from '../helpers/browser.ts';
import type { TestBrowser } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';
import { startTestStack } from '../helpers/local-stack.ts';
import type { TestStack } from '../helpers/local-stack.ts';

const PHONE_VIEWPORT = { width: 390, height: 844 };
// WCAG 2.1 success criterion 1.4.10 (Reflow) requires no horizontal scrolling at 320 CSS pixels wide.
const REFLOW_VIEWPORT = { width: 320, height: 844 };
// Plain words only, because the stored-review check puts this text into a regular expression.
const KEYBOARD_REVIEW_TEXT = 'Friendly staff and a perfect flat white';

let stack: TestStack;
let browser: TestBrowser;
/** Review links from the invitation SMS, oldest first. Each test that submits uses its own link. */
let links: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();

  const imported = await runCli(stack.paths.root, ['import', 'test/fixtures/customers-shopify.csv']);
  if (imported.code !== 0) {
    throw new Error(`starling import exited with ${imported.code}: ${imported.stderr}`);
  }

  const invited = await runCli(stack.paths.root, ['invite']);
  if (invited.code !== 0) {
    throw new Error(`starling invite exited with ${invited.code}: ${invited.stderr}`);
  }

  const messages = await stack.outbox();
  links = messages.flatMap((entry) => (entry.kind === 'sms' && entry.link ? [entry.link] : []));
  browser = await launchBrowser({ viewport: PHONE_VIEWPORT });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

function linkAt(index: number): string {
  const link = links[index];
  if (!link) {
    throw new Error(`expected at least ${index + 1} invitation links in the outbox, found ${links.length}`);
  }

  return link;
}

function docsImage(name: string): string {
  return fileURLToPath(new URL(`../../docs/images/${name}`, import.meta.url));
}

async function openPage(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return page;
}

/**
 * Submits the form with the Enter key on the focused element or with a click on the button, waits
 * for the result page and returns the HTTP status of the POST.
 */
async function submitForm(page: Page, submitWith: 'Enter' | 'click'): Promise<number> {
  const response = page.waitForResponse((candidate) => candidate.request().method() === 'POST');
  if (submitWith === 'Enter') {
    await page.keyboard.press('Enter');
  } else {
    await page.getByRole('button', { name: 'Send review' }).click();
  }

  const status = (await response).status();
  await page.waitForURL(`${stack.url}/review`);
  return status;
}

function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

describe('review flow in Chromium', () => {
  it('sends links to the local stack', () => {
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const link of links) {
      const url = new URL(link);
      expect(url.origin).toBe(stack.url);
      expect(url.pathname).toBe('/review');
      expect(url.searchParams.get('token')).toMatch(/^[\w-]+$/);
    }
  });

  it('shows the form heading on a phone', async () => {
    const page = await openPage(linkAt(0));

    expect(await pageHeading(page)).toBe('Please give your review');
    await page.close();
  });

  it('submits four stars by keyboard', async () => {
    const page = await openPage(linkAt(0));

    await page.keyboard.press('Tab');
    expect(await focusedRating(page)).toBe('5');
    expect(await checkedRating(page)).toBeNull();

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await focusedRating(page)).toBe('4');
    expect(await checkedRating(page)).toBe('4');

    await page.keyboard.press('Tab');
    await page.keyboard.type(KEYBOARD_REVIEW_TEXT);
    expect(await page.locator('textarea[name="text"]').inputValue()).toBe(KEYBOARD_REVIEW_TEXT);
    await saveScreenshot(page, docsImage('review-form.png'));

    await page.keyboard.press('Tab');
    expect(await submitForm(page, 'Enter')).toBe(200);
    expect(await pageHeading(page)).toBe('Thank you for your review');
    expect(await page.locator('p.lead').textContent()).toBe('You gave Harbor Coffee 4 out of 5 stars (Good).');
    await saveScreenshot(page, docsImage('thank-you.png'));
    await page.close();
  });

  it('stores the keyboard review', async () => {
    const listed = await runCli(stack.paths.root, ['reviews']);

    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`★★★★☆ +new +\\S+\\n +${KEYBOARD_REVIEW_TEXT}\\n`));
  });

  it('notifies the admin of the rating', async () => {
    const notifications = (await stack.outbox()).filter((entry) => entry.kind === 'notification');
    const notice = notifications.find((entry) => entry.body.includes(KEYBOARD_REVIEW_TEXT));

    expect(notice, 'no admin notification contains the review text').toBeDefined();
    expect(notice?.body).toContain('★★★★☆ (4/5)');
  });

  it('rejects a nonsense token with 401', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(`${stack.url}/review?token=nonsense`);

    expect(response?.status()).toBe(401);
    expect(await pageHeading(page)).toBe('This link is not valid');
    await saveScreenshot(page, docsImage('error-page.png'));
    await page.close();
  });

  it('fits 320 px without horizontal scroll', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize(REFLOW_VIEWPORT);
    await page.goto(linkAt(3));

    expect(await horizontalOverflow(page)).toBe(0);
    await page.getByRole('radio', { name: '5 – Excellent' }).check();
    expect(await horizontalOverflow(page)).toBe(0);
    await page.close();
  });

  it('gives every control a 44 px target', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize(REFLOW_VIEWPORT);
    await page.goto(linkAt(3));

    // WCAG 2.5.5 (Target Size) requires 44 by 44 CSS pixels, and the rating labels are the targets.
    const targets = page.locator('label:has(input[name="rating"]), label[for^="rating"], button[type="submit"]');
    const boxes = await Promise.all((await targets.all()).map((target) => target.boundingBox()));

    expect(boxes.length).toBeGreaterThanOrEqual(6);
    for (const box of boxes) {
      expect(box?.width ?? 0).toBeGreaterThanOrEqual(44);
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
    await page.close();
  });

  it('submits without JavaScript', async () => {
    const noScript = await launchBrowser({ viewport: PHONE_VIEWPORT, javaScriptEnabled: false });
    try {
      const page = await noScript.context.newPage();
      // With scripts on, the inline script would change the title, so this proves they are off.
      await page.setContent('<title>before</title><script>document.title = "after"</script>');
      expect(await page.title()).toBe('before');

      await page.goto(linkAt(4));
      await page.getByRole('radio', { name: '2 – Poor' }).check();
      await page.getByRole('textbox', { name: 'Tell us more (optional)' }).fill('The queue was long today');

      expect(await submitForm(page, 'click')).toBe(200);
      expect(await pageHeading(page)).toBe('Thank you for your review');
      expect(await page.locator('p.lead').textContent()).toBe('You gave Harbor Coffee 2 out of 5 stars (Poor).');
    } finally {
      await noScript.close();
    }
  });
});

describe('accessibility with axe-core', () => {
  // The control proves that axe-core runs under the pages' real CSP and that the checks below can fail.
  it('finds an unlabelled input', async () => {
    const page = await openPage(`${stack.url}/review?token=nonsense`);
    await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<input type="text">')`);

    const violations = await findAccessibilityViolations(page);
    expect(violations.map((violation) => violation.id)).toContain('label');
    await page.close();
  });

  it('passes the review form', async () => {
    const page = await openPage(linkAt(1));

    expect(await pageHeading(page)).toBe('Please give your review');
    expect(await findAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('passes the thank-you page', async () => {
    const page = await openPage(linkAt(2));
    await page.getByRole('radio', { name: '3 – Okay' }).check();
    await submitForm(page, 'click');

    expect(await pageHeading(page)).toBe('Thank you for your review');
    expect(await findAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('passes the error page', async () => {
    const page = await openPage(`${stack.url}/review?token=nonsense`);

    expect(await pageHeading(page)).toBe('This link is not valid');
    expect(await findAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
