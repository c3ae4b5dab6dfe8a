import { cpus, totalmem } from 'node:os';
import { percentile } from './report.ts';

// The results and the docs section of `npm run bench:admin`.

export const REQUESTS = 20;
export const EXPORT_REQUESTS = 5;
/** The queue page timed through its cursor: far enough in that the cursor skips 475 reviews. */
export const LATER_PAGE = 20;

export interface Timing {
  samples: number[];
  bytes: number;
}

export interface SizeResult {
  reviews: number;
  seedSeconds: number;
  timings: Record<EndpointName, Timing>;
  laterPage: number;
  /** Stack process RSS in bytes: after seeding, and the highest while seeding, during the page and API requests, and during the exports. */
  rss: { afterSeeding: number; peakSeeding: number; peakPages: number; peakExport: number };
}

export type EndpointName = 'stats' | 'firstPage' | 'laterPage' | 'filtered' | 'dashboard' | 'export';

/** Measured once by hand, because 50,000 reviews alone take about five minutes. This script does not rewrite it. */
const ONE_OFF_LARGE_RUN =
  'A one-off run with `npm run bench:admin -- --reviews 50000` on the same machine and day took, as medians, 2.5 s for the stats, 3.1 s for the dashboard, 0.5 to 0.6 s for each queue request and 26.9 s for the 17 MiB export. The stack\'s RSS peaked at 707 MiB during the other requests and 1,417 MiB during the exports.';

const ROWS: [EndpointName, string][] = [
  ['stats', '`GET /admin/api/stats`'],
  ['firstPage', '`GET /admin/api/reviews?limit=25`, first page'],
  ['laterPage', `Same, page ${LATER_PAGE} through its cursor`],
  ['filtered', '`GET /admin/api/reviews?status=approved&rating=5&limit=25`'],
  ['dashboard', '`GET /admin`, the dashboard page, with the session cookie'],
  ['export', '`GET /admin/api/export`: time, and size of the CSV'],
];

export function report(results: SizeResult[]): string[] {
  const cells = (cell: (result: SizeResult) => string) => results.map(cell).join(' | ');
  const rows = [
    ...ROWS.map(([name, label]) => `| ${label} | ${cells((result) => latencyCell(result, name))} |`),
    `| Seeding the reviews, invitations and customers | ${cells((result) => `${result.seedSeconds.toFixed(1)} s`)} |`,
    `| Stack RSS after seeding (peak while seeding) | ${cells((result) => `${mebibytes(result.rss.afterSeeding)} (${mebibytes(result.rss.peakSeeding)})`)} |`,
    `| Stack peak RSS during the other requests | ${cells((result) => mebibytes(result.rss.peakPages))} |`,
    `| Stack peak RSS during the exports | ${cells((result) => mebibytes(result.rss.peakExport))} |`,
  ];

  return [
    '## Admin dashboard',
    '',
    `Command: \`npm run bench:admin\`: for each size, a fresh local stack in its own process, as \`npm start\` runs it, seeded straight into its DynamoDB with that many reviews, each with its customer and the first invitation whose link it came from. Ratings lean to 4 and 5 stars, with 60% at 5. One text in five is empty, and the others have 1 to 600 characters. 30% of the reviews are new, 60% approved and 10% rejected, spread over 26 weeks. Each request is timed by the client over loopback, from sending it to the end of the response, ${REQUESTS} times one after another after one untimed warm-up (${EXPORT_REQUESTS} times for the export): cells give the median / p95. The API requests use HTTP Basic, and the dashboard uses the session cookie from \`POST /admin/login\`. RSS is the stack process's, from VmRSS and VmHWM in /proc, with the peak reset before the requests and again before the exports. Locally dynalite, the SNS stand-in and the admin function share that process and one Node.js thread, so the absolute times say little about AWS, where each 1 MB page comes from DynamoDB over the network. What carries over is how the work and the read units grow with the tables.`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, run on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `| Measure | ${cells((result) => `${count(result.reviews)} reviews`)} |`,
    `|---|${results.map(() => '---|').join('')}`,
    ...rows,
    '',
    reading(results),
    '',
    ONE_OFF_LARGE_RUN,
  ];
}

function latencyCell(result: SizeResult, name: EndpointName): string {
  const { samples, bytes } = result.timings[name];
  const expected = name === 'export' ? EXPORT_REQUESTS : REQUESTS;
  const notes = [
    ...(samples.length < expected ? [`${samples.length} requests`] : []),
    ...(name === 'laterPage' && result.laterPage !== LATER_PAGE ? [`page ${result.laterPage}, the last`] : []),
  ];
  const cell = `${milliseconds(samples, 50)} / ${milliseconds(samples, 95)} ms${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  return name === 'export' ? `${cell}, ${mebibytes(bytes)}` : cell;
}

/** Derives the reading from the smallest and largest sizes, so it stays true when the numbers change. */
function reading(results: SizeResult[]): string {
  const small = results.reduce((smallest, result) => (result.reviews < smallest.reviews ? result : smallest));
  const large = results.reduce((largest, result) => (result.reviews > largest.reviews ? result : largest));
  const median = (result: SizeResult, name: EndpointName) => percentile(result.timings[name].samples, 50);
  const bytesPerReview = large.timings.export.bytes / large.reviews;
  const exportLine = `The export reads the queue 100 reviews at a time plus every review's customer and took ${(median(large, 'export') / 1000).toFixed(1)} s for ${count(large.reviews)} reviews. At ${bytesPerReview.toFixed(0)} bytes per review with these texts, a deployed stage reaches Lambda's 6 MB response limit near ${roundTo(LAMBDA_RESPONSE_BYTES / bytesPerReview, 1000)} reviews (an estimate).`;
  if (large === small) {
    return `Reading: ${exportLine}`;
  }

  const thousands = (large.reviews - small.reviews) / 1000;
  const statsSlope = (median(large, 'stats') - median(small, 'stats')) / thousands;
  const dashboardSlope = (median(large, 'dashboard') - median(small, 'dashboard')) / thousands;
  const oneSecond = large.reviews + ((1000 - median(large, 'dashboard')) / dashboardSlope) * 1000;
  const estimate = dashboardSlope > 0 ? `, which puts the dashboard at one second near ${roundTo(oneSecond, 1000)} reviews on this machine (a linear estimate)` : '';

  return `Reading: the stats and the dashboard read the reviews and invitations tables whole on every request, so their time grows in step with the tables. From ${count(small.reviews)} to ${count(large.reviews)} reviews, each with its invitation, they took ${statsSlope.toFixed(0)} ms and ${dashboardSlope.toFixed(0)} ms more per 1,000 reviews${estimate}. The queue requests grow more slowly, from ${milliseconds(small.timings.firstPage.samples, 50)} to ${milliseconds(large.timings.firstPage.samples, 50)} ms for the first page, because each one counts every review of each status for the exact tab counts. The page itself is a short index query, so a cursor or a filter adds little. ${exportLine}`;
}

/** Lambda's limit on a synchronous response, 6 MB. */
const LAMBDA_RESPONSE_BYTES = 6_000_000;

function milliseconds(sorted: number[], p: number): string {
  return percentile(sorted, p).toFixed(0);
}

function mebibytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MiB`;
}

function roundTo(value: number, step: number): string {
  return count(Math.round(value / step) * step);
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
