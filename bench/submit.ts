import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { resolveDataPaths } from '../src/local/data-dir.ts';
import { hideSdkNodeVersionNotice } from '../src/local/quiet-warnings.ts';
import { readLiveState } from '../src/local/stack-state.ts';
import { percentile, writeBenchmarkSection } from './report.ts';
import { seedInvitations } from './seed-invitations.ts';

/**
 * `npm run bench:submit`: 2,000 valid review submissions from 32 concurrent connections against the
 * local stack, run in its own process as `npm start` runs it. Reports throughput, client latency
 * percentiles and the handler's own time (from the Server-Timing header of the local gateway).
 */
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP = 20;
const BASELINE = 200;

const NOTES = [
  'Latency is measured by the client, from request to full response over loopback. The local stack runs in its own process, as `npm start` runs it: dynalite, the SNS stand-in (one admin notification per review) and the local HTTP API share one Node.js thread. Handler time is the `submit-review` handler alone, from the gateway\'s `Server-Timing` header: verify the token, read the invitation and the customer, one conditional write, mark the link used, publish the notification.',
  '',
  'Reading: most of each request\'s CPU time goes to the AWS SDK\'s request handling and signing and to dynalite, not to Starling\'s code (CPU profile of the local stack). With 32 connections that one thread is saturated, so requests queue behind each other: latency and the measured handler time, which then includes waiting for the thread, grow with concurrency, and the aim of a p99 under 50 ms at 32 connections is not met locally. On AWS each concurrent request runs in its own Lambda instance and DynamoDB answers in single-digit milliseconds, so the single-connection column is the better guide to production latency.',
].join('\n');

async function main(): Promise<void> {
  hideSdkNodeVersionNotice();
  const dataDir = await mkdtemp(join(tmpdir(), 'starling-bench-'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/local/start.ts'], {
    env: { ...process.env, STARLING_DATA_DIR: dataDir, PORT: '0', POWERTOOLS_LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  try {
    const state = await waitForServer(resolveDataPaths({ STARLING_DATA_DIR: dataDir }).state);
    console.log(`Local stack at ${state.url}; seeding ${SUBMISSIONS} invitations…`);
    const tokens = await seedInvitations(dataDir, state, SUBMISSIONS);

    const bodies = tokens.map((token, index) => new URLSearchParams({ token, rating: String((index % 5) + 1), text: `Benchmark review ${index}` }).toString());
    await submit(state.url ?? '', bodies.slice(0, WARMUP), 1);

    console.log(`Submitting ${BASELINE} reviews over 1 connection, then ${SUBMISSIONS - WARMUP - BASELINE} over ${CONNECTIONS}…`);
    const baseline = summarize(await timed(() => submit(state.url ?? '', bodies.slice(WARMUP, WARMUP + BASELINE), 1)));
    const loaded = summarize(await timed(() => submit(state.url ?? '', bodies.slice(WARMUP + BASELINE), CONNECTIONS)));
    const errors = baseline.errors + loaded.errors;

    const header = `| Measure | 1 connection (${baseline.count} requests) | ${CONNECTIONS} connections (${loaded.count} requests) |`;
    const rows = [
      ['Errors (non-200)', String(baseline.errors), String(loaded.errors)],
      ['Throughput', `${baseline.throughput.toFixed(0)} requests/s`, `${loaded.throughput.toFixed(0)} requests/s`],
      ['Latency p50 / p99 / max', baseline.latency, loaded.latency],
      ['Handler time p50 / p99', baseline.handler, loaded.handler],
    ];

    console.log([header, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n'));
    await writeBenchmarkSection('submit', [
      '## Review submissions',
      '',
      `Command: \`npm run bench:submit\`: ${SUBMISSIONS} valid form-encoded submissions, the first ${WARMUP} as warm-up, then ${BASELINE} over one connection and the rest over ${CONNECTIONS} concurrent connections.`,
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, run on ${new Date().toISOString().slice(0, 10)}.`,
      '',
      header,
      '|---|---|---|',
      ...rows.map((row) => `| ${row.join(' | ')} |`),
      '',
      NOTES,
    ]);
    if (errors > 0) {
      process.exitCode = 1;
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface Summary {
  count: number;
  errors: number;
  throughput: number;
  latency: string;
  handler: string;
}

async function timed(run: () => Promise<Sample[]>): Promise<{ samples: Sample[]; seconds: number }> {
  const started = performance.now();
  const samples = await run();
  return { samples, seconds: (performance.now() - started) / 1000 };
}

function summarize({ samples, seconds }: { samples: Sample[]; seconds: number }): Summary {
  const latencies = samples.map((sample) => sample.latencyMs).sort((a, b) => a - b);
  const handlerTimes = samples.map((sample) => sample.handlerMs).sort((a, b) => a - b);

  return {
    count: samples.length,
    errors: samples.filter((sample) => sample.status !== 200).length,
    throughput: samples.length / seconds,
    latency: `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)} / ${(latencies.at(-1) ?? 0).toFixed(1)} ms`,
    handler: `${percentile(handlerTimes, 50).toFixed(1)} / ${percentile(handlerTimes, 99).toFixed(1)} ms`,
  };
}

interface Sample {
  status: number;
  latencyMs: number;
  handlerMs: number;
}

/** Posts every body, keeping `connections` requests in flight. */
async function submit(baseUrl: string, bodies: string[], connections: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;

  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next];
      next += 1;

      const started = performance.now();
      const response = await fetch(`${baseUrl}/review`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      await response.arrayBuffer();
      const latencyMs = performance.now() - started;
      const handlerMs = Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1] ?? Number.NaN);
      samples.push({ status: response.status, latencyMs, handlerMs });
    }
  };

  await Promise.all(Array.from({ length: connections }, worker));
  return samples;
}

async function waitForServer(statePath: string) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const state = await readLiveState(statePath);
    if (state?.url) {
      return state;
    }

    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  throw new Error('the local stack did not start within 20 seconds');
}

await main();
