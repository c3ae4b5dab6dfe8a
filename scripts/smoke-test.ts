import { parseArgs } from 'node:util';

/**
 * Checks a deployed Starling stage over HTTP:
 *
 *   npm run smoke -- --url https://abc123.execute-api.us-east-1.amazonaws.com [--token TOKEN]
 *
 * Without a token it checks that `GET /review` rejects a link without a token with the HTML error
 * page. With the token of a real invitation it also opens the form and submits a review as JSON,
 * which uses that invitation up. It runs only when someone passes a URL; no test suite calls it.
 */

const USAGE = `Usage: npm run smoke -- --url URL [--token TOKEN] [--rating 1-5] [--text TEXT]

  --url     Base URL of the deployed stage: the stack output PublicUrl or ApiEndpoint.
  --token   Token of an invitation that has no review yet (the part after ?token= in its SMS).
            The smoke test then submits a review with it, so the invitation is used up.
  --rating  Stars of that review, 1 to 5 (default 5).
  --text    Text of that review (default: "Smoke test review").
`;

const REQUEST_TIMEOUT_MS = 15_000;

interface Check {
  name: string;
  run(): Promise<void>;
}

class CheckFailedError extends Error {
  override readonly name = 'CheckFailedError';
}

function parseOptions(): { baseUrl: string; token?: string; rating: number; text: string } {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      rating: { type: 'string', default: '5' },
      text: { type: 'string', default: 'Smoke test review' },
      help: { type: 'boolean', short: 'h' },
    },
  });

  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }

  if (!values.url) {
    process.stderr.write(`missing --url: pass the base URL of a deployed stage.\n\n${USAGE}`);
    process.exit(2);
  }

  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    process.stderr.write(`invalid --url "${values.url}": pass an absolute https:// URL.\n`);
    process.exit(2);
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    process.stderr.write(`invalid --url "${values.url}": pass an absolute https:// URL.\n`);
    process.exit(2);
  }

  const rating = Number(values.rating);
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
    process.stderr.write(`invalid --rating "${values.rating}": pass a whole number from 1 to 5.\n`);
    process.exit(2);
  }

  return { baseUrl: url.href.replace(/\/+$/, ''), token: values.token, rating, text: values.text };
}

async function request(url: string, init: RequestInit = {}): Promise<{ response: Response; body: string }> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { response, body: await response.text() };
}

function expectStatus(response: Response, expected: number): void {
  if (response.status === expected) {
    return;
  }

  const hints: Record<number, string> = {
    401: ': the token is not valid for this stage',
    409: ': the invitation already has a review, so pass the token of an unused one',
    410: ': the link has expired or its invitation is gone',
    404: ': is the URL the stage\'s base URL, without /review?',
  };
  throw new CheckFailedError(`expected HTTP ${expected}, got ${response.status}${hints[response.status] ?? ''}`);
}

function expectHeader(response: Response, name: string, pattern: RegExp): void {
  const value = response.headers.get(name);
  if (value === null || !pattern.test(value)) {
    throw new CheckFailedError(`expected header ${name} to match ${pattern}, got ${value === null ? 'none' : `"${value}"`}`);
  }
}

function buildChecks(options: ReturnType<typeof parseOptions>): Check[] {
  const reviewUrl = `${options.baseUrl}/review`;
  const checks: Check[] = [
    {
      name: 'GET /review without a token returns the 400 HTML page',
      async run() {
        const { response, body } = await request(reviewUrl);
        expectStatus(response, 400);
        expectHeader(response, 'content-type', /^text\/html/);
        expectHeader(response, 'cache-control', /no-store/);
        expectHeader(response, 'referrer-policy', /^no-referrer$/);
        expectHeader(response, 'content-security-policy', /default-src 'none'/);
        if (!/<html/i.test(body)) {
          throw new CheckFailedError('expected an HTML page in the body');
        }
      },
    },
  ];

  const { token } = options;
  if (token === undefined) {
    return checks;
  }

  checks.push(
    {
      name: 'GET /review with the token returns the form',
      async run() {
        const { response, body } = await request(`${reviewUrl}?token=${encodeURIComponent(token)}`);
        expectStatus(response, 200);
        expectHeader(response, 'content-type', /^text\/html/);
        if (!/<form/i.test(body)) {
          throw new CheckFailedError('expected a form in the page');
        }
      },
    },
    {
      name: 'POST /review as JSON stores the review (201)',
      async run() {
        const { response, body } = await request(reviewUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ token, rating: options.rating, text: options.text }),
        });
        expectStatus(response, 201);
        const json = JSON.parse(body) as { reviewId?: unknown; rating?: unknown };
        if (typeof json.reviewId !== 'string' || json.rating !== options.rating) {
          throw new CheckFailedError(`expected a review id and rating ${options.rating}, got ${body.slice(0, 200)}`);
        }
      },
    },
  );

  return checks;
}

/** Describes a failed check: its own message, or the name and message of an unexpected error such as a timeout. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }

  if (error instanceof CheckFailedError) {
    return error.message;
  }

  return `${error.name}: ${error.message}`;
}

async function main(): Promise<void> {
  const options = parseOptions();
  process.stdout.write(`Smoke test of ${options.baseUrl}${options.token ? ' (submits a review with the given token)' : ''}\n`);

  let failed = 0;
  for (const check of buildChecks(options)) {
    try {
      await check.run();
      process.stdout.write(`  ok    ${check.name}\n`);
    } catch (error) {
      failed += 1;
      process.stdout.write(`  FAIL  ${check.name}: ${describeFailure(error)}\n`);
    }
  }

  process.stdout.write(failed === 0 ? 'All checks passed.\n' : `${failed} check(s) failed.\n`);
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
