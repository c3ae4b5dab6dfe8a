import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import axe from 'axe-core';
import type { Result, RunOptions } from 'axe-core';
import { chromium } from 'playwright-core';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/**
 * Chromium flags for an offline test run. The browser makes no background or update requests,
 * and the resolver fails every host name except 127.0.0.1 and localhost, so a page cannot reach
 * another address even by mistake.
 */
const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];

/** The WCAG 2.0 and 2.1 levels A and AA that the pages must meet. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface TestBrowser {
  context: BrowserContext;
  /** Closes Chromium and removes its profile folder. */
  close(): Promise<void>;
}

/** One axe-core finding, reduced to what a failing assertion needs to show. */
export interface AccessibilityViolation {
  id: string;
  impact: Result['impact'];
  help: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
}

/**
 * Starts headless Chromium in a fresh profile folder. CHROMIUM_PATH overrides the Debian path.
 * Chromium does not start as root with its sandbox on, so `--no-sandbox` is added only for root.
 */
export async function launchBrowser(options: Pick<BrowserContextOptions, 'viewport' | 'javaScriptEnabled'> = {}): Promise<TestBrowser> {
  const profileDir = await mkdtemp(join(tmpdir(), 'starling-chromium-'));
  const args = process.getuid?.() === 0 ? [...CHROMIUM_ARGS, '--no-sandbox'] : CHROMIUM_ARGS;

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      ...options,
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args,
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }

  return {
    context,
    close: async () => {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs axe-core on the page and returns its WCAG 2.1 A and AA violations. The source is evaluated
 * through the DevTools protocol, which the pages' CSP (no `script-src`) does not block, so the page
 * is checked with its real CSP in force. Throws when axe-core is missing or checked nothing.
 */
export async function findAccessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  await page.evaluate(axe.source);

  const options: RunOptions = { runOnly: { type: 'tag', values: WCAG_TAGS } };
  const outcome = await page.evaluate(async (runOptions) => {
    const injected = (globalThis as { axe?: typeof axe }).axe;
    if (!injected) {
      return undefined;
    }

    const results = await injected.run(runOptions);
    return {
      passCount: results.passes.length,
      violations: results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      })),
    };
  }, options);

  if (!outcome) {
    throw new Error(`axe-core is not defined on ${page.url()} after evaluating its source`);
  }

  if (outcome.passCount === 0) {
    throw new Error(`axe-core passed no rule on ${page.url()}, so it did not check the page`);
  }

  return outcome.violations;
}

/**
 * Saves a full-page screenshot to `path` when the file is missing or UPDATE_SCREENSHOTS=1 is set,
 * so test runs do not rewrite committed images. Returns whether it wrote the file.
 */
export async function saveScreenshot(page: Page, path: string): Promise<boolean> {
  if (existsSync(path) && process.env.UPDATE_SCREENSHOTS !== '1') {
    return false;
  }

  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return true;
}

/** Returns the text of the page's one level-1 heading. */
export function pageHeading(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).textContent();
}

/** Returns the value of the focused element when it is a rating radio, otherwise null. */
export function focusedRating(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(`document.activeElement?.matches('input[name="rating"]') ? document.activeElement.value : null`);
}

export function checkedRating(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(`document.querySelector('input[name="rating"]:checked')?.value ?? null`);
}
