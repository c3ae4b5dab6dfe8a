import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { pageSizeForRate, runInvitations } from '../src/core/invitation-run/run-invitations.ts';
import { resolveDataPaths } from '../src/local/data-dir.ts';
import { applyLocalEnvironment } from '../src/local/environment.ts';
import { hideSdkNodeVersionNotice } from '../src/local/quiet-warnings.ts';
import { readLiveState } from '../src/local/stack-state.ts';

/**
 * One measured invitation run of `npm run bench:invite`, in a process of its own so that its memory
 * is measured alone. It attaches to the running local stack of STARLING_DATA_DIR and runs one round
 * through the production composition root of `send-invitations`, which reads the rate limit from
 * STARLING_SMS_PER_SECOND and the SMS in flight from STARLING_SMS_CONCURRENCY. It prints one line:
 * `RESULT_PREFIX` followed by an `InviteRunResult` as JSON.
 */
export const RESULT_PREFIX = 'bench:invite result ';

export interface InviteRunResult {
  status: string;
  sent: number;
  failed: number;
  unconfirmed: number;
  seconds: number;
  /** CPU time of this process during the run (user and system), in seconds. */
  cpuSeconds: number;
  /** Heap used and RSS after a garbage collection, just before the run, in bytes. */
  baseline: { heapUsed: number; rss: number };
  /** Highest heap used and RSS sampled every 100 ms during the run, in bytes. */
  peak: { heapUsed: number; rss: number };
}

const SAMPLE_INTERVAL_MS = 100;

async function main(): Promise<void> {
  hideSdkNodeVersionNotice();
  const paths = resolveDataPaths();
  const state = await readLiveState(paths.state);
  if (!state?.url) {
    throw new Error(`no local stack is running on the data folder ${paths.root}. Start one with npm start first.`);
  }

  applyLocalEnvironment(paths, { dynamodb: state.dynamodbEndpoint, sns: state.snsEndpoint, publicUrl: state.url });
  const { deps, settings } = await import('../src/functions/send-invitations/composition.ts');
  const runId = process.env.BENCH_RUN_ID?.trim() || `bench-${Date.now()}`;

  globalThis.gc?.();
  const baseline = process.memoryUsage();
  const peak = { heapUsed: baseline.heapUsed, rss: baseline.rss };
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
    peak.rss = Math.max(peak.rss, usage.rss);
  }, SAMPLE_INTERVAL_MS);

  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  // The page size is the handler's: what the rate limit sends in 30 seconds, or 1 MB pages without a limit.
  const pageSize = pageSizeForRate(settings.smsPerSecond, settings.segments);
  const result = await runInvitations(deps, { ...settings, runId, dryRun: false, minRemainingMs: 0, pageSize }, { remainingMs: () => Number.POSITIVE_INFINITY });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);

  const output: InviteRunResult = {
    status: result.status,
    sent: result.counters.sent,
    failed: result.counters.failed,
    unconfirmed: result.counters.unconfirmed,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    baseline: { heapUsed: baseline.heapUsed, rss: baseline.rss },
    peak,
  };
  console.log(`${RESULT_PREFIX}${JSON.stringify(output)}`);
}

// The orchestrator imports the result type and prefix from here, so the run starts only when this file is the program.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
