import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { resolveDataPaths } from '../src/local/data-dir.ts';
import { hideSdkNodeVersionNotice } from '../src/local/quiet-warnings.ts';
import { EXPORT_REQUESTS, LATER_PAGE, REQUESTS, report } from './admin-report.ts';
import type { EndpointName, SizeResult, Timing } from './admin-report.ts';
import { writeBenchmarkSection } from './report.ts';
import { seedReviews } from './seed-reviews.ts';
import type { StackProcess } from './stack-process.ts';
import { startStackProcess } from './stack-process.ts';

/**
 * `npm run bench:admin`: latency of the admin API and dashboard over HTTP against the local stack,
 * run in its own process as `npm start` runs it, at 1,000 and 10,000 seeded reviews
 * (`-- --reviews N`, repeatable, picks other sizes). Each size gets a fresh stack, so its memory is
 * measured alone. Requests are sequential, because one admin opens one page at a time.
 */
const DEFAULT_SIZES = [1_000, 10_000];
/** An endpoint stops after this much time once it has MIN_REQUESTS samples, so large sizes stay bounded. */
const ENDPOINT_BUDGET_MS = 30_000;
const MIN_REQUESTS = 5;


/** A signed-in client of one stack: HTTP Basic for the API, the session cookie for the pages. */
interface AdminClient {
  baseUrl: string;
  basic: string;
  cookie: string;
}

async function main(): Promise<void> {
  hideSdkNodeVersionNotice();
  const sizes = parseSizes();

  const results: SizeResult[] = [];
  for (const size of sizes) {
    results.push(await measureSize(size));
  }

  const lines = report(results);
  console.log(lines.join('\n'));
  await writeBenchmarkSection('admin', lines);
}

function parseSizes(): number[] {
  const { values } = parseArgs({ options: { reviews: { type: 'string', multiple: true } } });
  const sizes = (values.reviews ?? []).flatMap((value) => value.split(',')).map((value) => Number(value.trim()));
  const invalid = sizes.find((size) => !Number.isInteger(size) || size < 1);
  if (invalid !== undefined) {
    throw new Error(`--reviews must be a whole number of reviews of at least 1, got ${invalid}`);
  }

  return sizes.length > 0 ? sizes : DEFAULT_SIZES;
}

/** Seeds one fresh stack with `size` reviews and times every endpoint against it. */
async function measureSize(size: number): Promise<SizeResult> {
  const stack = await startStackProcess({ POWERTOOLS_LOG_LEVEL: 'WARN' });
  try {
    console.log(`${size} reviews: seeding…`);
    const seedStarted = performance.now();
    await seedReviews(stack.dataDir, stack.state, size);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const pid = stack.state.pid;
    const afterSeeding = await readMemory(pid, 'VmRSS');
    const peakSeeding = await readMemory(pid, 'VmHWM');

    const client = await signIn(stack);
    await checkSeeded(client, size);
    const laterCursor = await cursorOfPage(client, LATER_PAGE);

    await resetPeakMemory(pid);
    const stats = await time(client, '/admin/api/stats', 'basic');
    const firstPage = await time(client, '/admin/api/reviews?limit=25', 'basic');
    const laterPage = await time(client, `/admin/api/reviews?limit=25&cursor=${laterCursor.cursor}`, 'basic');
    const filtered = await time(client, '/admin/api/reviews?status=approved&rating=5&limit=25', 'basic');
    const dashboard = await time(client, '/admin', 'cookie');
    const peakPages = await readMemory(pid, 'VmHWM');

    await resetPeakMemory(pid);
    const csv = await time(client, '/admin/api/export', 'basic', EXPORT_REQUESTS);
    const peakExport = await readMemory(pid, 'VmHWM');

    return {
      reviews: size,
      seedSeconds,
      laterPage: laterCursor.page,
      timings: { stats, firstPage, laterPage, filtered, dashboard, export: csv },
      rss: { afterSeeding, peakSeeding, peakPages, peakExport },
    };
  } finally {
    await stack.stop();
  }
}

/** Signs in through the login form and keeps the session cookie, as a browser would. */
async function signIn(stack: StackProcess): Promise<AdminClient> {
  const password = (await readFile(resolveDataPaths({ STARLING_DATA_DIR: stack.dataDir }).adminPassword, 'utf8')).trim();
  const baseUrl = stack.state.url ?? '';
  const response = await fetch(`${baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'admin', password, returnTo: '/admin' }).toString(),
    redirect: 'manual',
  });
  await response.arrayBuffer();

  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('starling_admin='))?.split(';')[0];
  if (response.status !== 303 || !cookie) {
    throw new Error(`signing in to ${baseUrl}/admin/login failed with status ${response.status} and no session cookie`);
  }

  return { baseUrl, basic: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`, cookie };
}

/** Checks through the stats that every seeded review and invitation is there, so each size measures the number of reviews in its label. */
async function checkSeeded(client: AdminClient, size: number): Promise<void> {
  const stats = JSON.parse(await get(client, '/admin/api/stats', 'basic')) as { reviews: { total: number }; invitations: { sent: number } };
  if (stats.reviews.total !== size || stats.invitations.sent !== size) {
    throw new Error(`expected ${size} reviews and ${size} sent invitations after seeding, the stats count ${stats.reviews.total} and ${stats.invitations.sent}`);
  }
}

/** Follows `nextCursor` to the given queue page, or to the last page when there are fewer. */
async function cursorOfPage(client: AdminClient, page: number): Promise<{ page: number; cursor: string }> {
  let cursor = '';
  let reached = 1;
  while (reached < page) {
    const body = JSON.parse(await get(client, `/admin/api/reviews?limit=25${cursor ? `&cursor=${cursor}` : ''}`, 'basic')) as { nextCursor?: string };
    if (!body.nextCursor) {
      break;
    }

    cursor = body.nextCursor;
    reached += 1;
  }

  return { page: reached, cursor };
}

/** Sends `count` requests one after another, after one untimed warm-up, within ENDPOINT_BUDGET_MS. */
async function time(client: AdminClient, path: string, auth: 'basic' | 'cookie', count = REQUESTS): Promise<Timing> {
  const body = await get(client, path, auth);
  const samples: number[] = [];
  const started = performance.now();

  while (samples.length < count && (samples.length < MIN_REQUESTS || performance.now() - started < ENDPOINT_BUDGET_MS)) {
    const requestStarted = performance.now();
    await get(client, path, auth);
    samples.push(performance.now() - requestStarted);
  }

  return { samples: samples.sort((a, b) => a - b), bytes: Buffer.byteLength(body) };
}

/** Reads the whole response and fails on any status but 200, because a fast error would pass as a fast page. */
async function get(client: AdminClient, path: string, auth: 'basic' | 'cookie'): Promise<string> {
  const headers: Record<string, string> = auth === 'basic' ? { authorization: client.basic } : { cookie: client.cookie };
  const response = await fetch(`${client.baseUrl}${path}`, { headers, redirect: 'manual' });
  const body = await response.text();
  if (response.status !== 200) {
    throw new Error(`GET ${path.slice(0, 80)} returned ${response.status}: ${body.slice(0, 200)}`);
  }

  return body;
}

/**
 * Resets the process's peak RSS (VmHWM) to its current RSS by writing 5 to clear_refs (Linux 4.0
 * and later), so the next reading is the peak of what ran in between.
 */
async function resetPeakMemory(pid: number): Promise<void> {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
}

/** Reads one memory field of /proc/<pid>/status (VmRSS now, VmHWM the peak), in bytes. */
async function readMemory(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kibibytes = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  if (kibibytes === undefined) {
    throw new Error(`/proc/${pid}/status has no ${field} line`);
  }

  return Number(kibibytes) * 1024;
}

await main();
