import type { Customer } from '../customers.ts';
import { deterministicInvitationId } from '../invitations.ts';
import { describeError } from '../masking.ts';
import type { AdminNotifier } from '../ports.ts';
import type { TokenKeyRing } from '../tokens.ts';
import type { DeliveryDeps, DeliveryOutcome, DeliverySettings } from './deliver.ts';
import { deliver, recountRecord } from './deliver.ts';
import type { Decision, EligibilityRules } from './eligibility.ts';
import { decideInvitation } from './eligibility.ts';
import type { RunCounters, RunRecord, RunStore } from './run-record.ts';
import { addCounters, describeCounters, emptyCounters } from './run-record.ts';
import { forEachWithConcurrency } from './worker-pool.ts';

export interface RunDeps extends Omit<DeliveryDeps, 'keyRing'> {
  runs: RunStore;
  notifier: AdminNotifier;
  keyRing: () => Promise<TokenKeyRing>;
}

export interface RunOptions extends DeliverySettings {
  runId: string;
  rules: EligibilityRules;
  dryRun: boolean;
  /** Parallel scan segments; 1 reads the table in one sequence. */
  segments: number;
  /** SMS in flight at once in each segment. */
  concurrency: number;
  /** Stop and checkpoint before a page when less time than this is left. */
  minRemainingMs: number;
  /**
   * Customers per scan page. The time left is checked between pages, so a page must take less
   * than `minRemainingMs` to send; see `pageSizeForRate`. Undefined reads 1 MB pages.
   */
  pageSize?: number;
}

export interface RunControl {
  /** Time left in this invocation, as Lambda's `getRemainingTimeInMillis` reports it. */
  remainingMs: () => number;
  /** Called after each customer with the counts so far; keep it cheap. */
  onProgress?: (counters: RunCounters) => void;
  /** Called for every customer in a dry run, with the decision the run would take. */
  onDecision?: (customer: Customer, decision: Decision) => void;
}

export interface RunResult {
  runId: string;
  /**
   * `paused` means the time ran low: invoke again with the same run id to continue. `busy` means
   * another run holds the sending lease; `busyWith` names it.
   */
  status: 'completed' | 'paused' | 'alreadyCompleted' | 'dryRun' | 'busy';
  busyWith?: string;
  counters: RunCounters;
  /** Dry runs only: customers who would get an invitation or a reminder. */
  wouldSend?: number;
  durationMs: number;
}

const RUN_RECORD_DAYS = 90;
/** Seconds of sending one page may take at the rate limit; well under the minute kept in reserve. */
const PAGE_SECONDS = 30;
const MAX_PAGE_SIZE = 1000;

/**
 * Returns a page size that the rate limit sends within 30 seconds. A 1 MB page contains thousands of
 * customers, which at 1 SMS per second would outlast a 15-minute Lambda invocation.
 */
export function pageSizeForRate(smsPerSecond: number, segments: number): number | undefined {
  if (!Number.isFinite(smsPerSecond)) {
    return undefined;
  }

  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor((smsPerSecond * PAGE_SECONDS) / segments)));
}
/** Lease length: longer than Lambda's 15-minute maximum timeout, so a live invocation keeps its lease. */
const LEASE_MS = 20 * 60 * 1000;

/**
 * Runs one invitation round over all customers, page by page with bounded memory. The run is
 * resumable: after each page the scan position and counts are saved in the runs table, so an
 * invocation that runs low on time, or one that dies, is continued by invoking again with the same
 * run id. Records with ids derived from the run keep every customer to one SMS per run.
 */
export async function runInvitations(deps: RunDeps, options: RunOptions, control: RunControl): Promise<RunResult> {
  const startedAt = deps.clock.now().getTime();
  const run = options.dryRun ? newRun(options, new Date(startedAt)) : await loadOrCreateRun(deps.runs, options, new Date(startedAt));
  if (run.status === 'completed') {
    // A run that stopped right after saving its completion may still hold the lease.
    if (!options.dryRun) {
      await deps.runs.releaseLease(run.runId);
    }

    return { runId: run.runId, status: 'alreadyCompleted', counters: run.counters, durationMs: 0 };
  }

  // Two runs at once could both find a customer eligible and both text them, so one run sends at a time.
  if (!options.dryRun) {
    const lease = await deps.runs.acquireLease(run.runId, new Date(startedAt).toISOString(), new Date(startedAt + LEASE_MS).toISOString());
    if (!lease.acquired) {
      deps.logger.warn('another invitation run is in progress; this one did not start', { runId: run.runId, holder: lease.holder });
      return { runId: run.runId, status: 'busy', busyWith: lease.holder, counters: run.counters, durationMs: 0 };
    }
  }

  run.invocations += 1;
  const delivery: DeliveryDeps = { ...deps, keyRing: await deps.keyRing() };
  const state = { paused: false, wouldSend: 0, saving: Promise.resolve() };

  const processSegment = async (index: number): Promise<void> => {
    const segment = run.segments[index];
    while (segment && !segment.done) {
      if (control.remainingMs() < options.minRemainingMs) {
        state.paused = true;
        return;
      }

      const page = await deps.customers.scanPage(segment.cursor, options.segments > 1 ? { index, total: options.segments } : undefined, options.pageSize);
      const pageCounters = emptyCounters();
      await forEachWithConcurrency(page.items, options.concurrency, async (customer) => {
        const decision = decideInvitation(customer, deps.clock.now(), options.rules);
        if (options.dryRun) {
          control.onDecision?.(customer, decision);
          state.wouldSend += decision.action === 'skip' ? 0 : 1;
          countDecision(pageCounters, decision);
          return;
        }

        await act(delivery, options, customer, decision, pageCounters);
        control.onProgress?.(addCounters(run.counters, pageCounters));
      });

      run.counters = addCounters(run.counters, pageCounters);
      segment.cursor = page.nextCursor;
      segment.done = page.nextCursor === undefined;
      control.onProgress?.(run.counters);
      if (!options.dryRun) {
        run.updatedAt = deps.clock.now().toISOString();
        state.saving = state.saving.then(() => deps.runs.save(structuredClone(run)));
        await state.saving;
      }
    }
  };

  await Promise.all(run.segments.map((_, index) => processSegment(index)));
  const durationMs = deps.clock.now().getTime() - startedAt;

  if (options.dryRun) {
    return { runId: run.runId, status: 'dryRun', counters: run.counters, wouldSend: state.wouldSend, durationMs };
  }

  if (state.paused) {
    await deps.runs.releaseLease(run.runId);
    deps.logger.info('invitation run paused to continue in a new invocation', { runId: run.runId, counters: run.counters });
    return { runId: run.runId, status: 'paused', counters: run.counters, durationMs };
  }

  await completeRun(deps, run, durationMs);
  await deps.runs.releaseLease(run.runId);
  return { runId: run.runId, status: 'completed', counters: run.counters, durationMs };
}

async function act(deps: DeliveryDeps, options: RunOptions, customer: Customer, decision: Decision, counters: RunCounters): Promise<void> {
  const earlier = await outcomeEarlierInThisRun(deps, options.runId, customer);
  if (earlier) {
    countOutcome(counters, earlier);
    return;
  }

  if (decision.action === 'skip') {
    counters.skipped[decision.reason] += 1;
    return;
  }

  const request =
    decision.action === 'invite'
      ? ({ kind: 'invitation', phone: decision.phone } as const)
      : ({ kind: 'reminder', phone: decision.phone, invitationId: decision.invitationId, expiresAt: decision.expiresAt } as const);
  countOutcome(counters, await deliver(deps, options, options.runId, customer, request));
}

/**
 * Finds what this run already did for a customer before it stopped. A resumed run repeats the page
 * it was on, and the customer record may already show this run's SMS, which would otherwise read as
 * an open invitation and be counted as skipped.
 */
async function outcomeEarlierInThisRun(deps: DeliveryDeps, runId: string, customer: Customer): Promise<DeliveryOutcome | undefined> {
  const invitationId = deterministicInvitationId(runId, 'invitation', customer.customerId);
  if (customer.lastInvitationId === invitationId) {
    return recountRecord(deps, customer, invitationId);
  }

  if (customer.remindedInvitationId !== undefined && customer.remindedInvitationId === customer.lastInvitationId) {
    const reminderId = deterministicInvitationId(runId, 'reminder', customer.customerId);
    if (await deps.invitations.get(reminderId)) {
      return recountRecord(deps, customer, reminderId);
    }
  }

  return undefined;
}

function countOutcome(counters: RunCounters, outcome: DeliveryOutcome): void {
  switch (outcome) {
    case 'sent':
    case 'failed':
    case 'unconfirmed':
      counters[outcome] += 1;
      return;
    case 'reminderSent':
      counters.remindersSent += 1;
      return;
    case 'optedOut':
      counters.skipped.optedOut += 1;
      return;
    case 'openedAlready':
      counters.skipped.openInvitation += 1;
  }
}

function countDecision(counters: RunCounters, decision: Decision): void {
  if (decision.action === 'skip') {
    counters.skipped[decision.reason] += 1;
  }
}

function newRun(options: RunOptions, now: Date): RunRecord {
  return {
    runId: options.runId,
    status: 'running',
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    segments: Array.from({ length: options.segments }, () => ({ done: false })),
    counters: emptyCounters(),
    invocations: 0,
    expiresAt: Math.floor(now.getTime() / 1000) + RUN_RECORD_DAYS * 24 * 60 * 60,
  };
}

async function loadOrCreateRun(runs: RunStore, options: RunOptions, now: Date): Promise<RunRecord> {
  const existing = await runs.get(options.runId);
  if (existing) {
    return existing;
  }

  const run = newRun(options, now);
  if (await runs.create(run)) {
    return run;
  }

  // Another invocation created it between the read and the write.
  const created = await runs.get(options.runId);
  if (!created) {
    throw new Error(`run ${options.runId} could not be created or read`);
  }

  return created;
}

/** Marks the run complete, then logs and publishes its summary; a failed notification is only logged. */
async function completeRun(deps: RunDeps, run: RunRecord, durationMs: number): Promise<void> {
  run.status = 'completed';
  run.completedAt = deps.clock.now().toISOString();
  run.updatedAt = run.completedAt;
  await deps.runs.save(run);

  const summary = describeCounters(run.counters);
  deps.logger.info('invitation run completed', { runId: run.runId, counters: run.counters, durationMs, invocations: run.invocations });

  try {
    await deps.notifier.notify({ subject: 'Invitation run completed', body: `Invitation run ${run.runId} completed: ${summary}.` });
  } catch (error) {
    deps.logger.error('failed to publish the invitation run summary', { runId: run.runId, failure: describeError(error) });
  }
}
