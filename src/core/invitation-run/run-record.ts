import type { SkipReason } from './eligibility.ts';
import { SKIP_REASONS } from './eligibility.ts';

/** Counts of one invitation run; a resumed run continues them from its checkpoint. */
export interface RunCounters {
  sent: number;
  remindersSent: number;
  failed: number;
  /** Records found still pending on resume: not sent again, because the SMS may have left. */
  unconfirmed: number;
  skipped: Record<SkipReason, number>;
}

/**
 * The stored state of an invitation run. Each scan segment keeps its own cursor; `done` marks a
 * segment whose scan reached the end. The record is the checkpoint a continuation resumes from.
 */
export interface RunRecord {
  runId: string;
  status: 'running' | 'completed';
  startedAt: string;
  updatedAt: string;
  completedAt?: string;
  segments: { cursor?: string; done: boolean }[];
  counters: RunCounters;
  /** Invocations that worked on the run, counting continuations. */
  invocations: number;
  /** Unix seconds after which DynamoDB may delete the record. */
  expiresAt: number;
}

export interface RunStore {
  get(runId: string): Promise<RunRecord | undefined>;
  /** Stores a new run; returns false when a run with that id exists already. */
  create(run: RunRecord): Promise<boolean>;
  /** Replaces the stored run with this checkpoint. */
  save(run: RunRecord): Promise<void>;
  /**
   * Takes the one lease that lets a run send, until `until` (an ISO time). Succeeds when the lease is
   * free, expired, or already held by this run; returns the holder's run id when another run holds it.
   */
  acquireLease(runId: string, now: string, until: string): Promise<{ acquired: true } | { acquired: false; holder: string }>;
  /** Gives the lease up if this run holds it. */
  releaseLease(runId: string): Promise<void>;
}

export function emptyCounters(): RunCounters {
  const skipped = Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<SkipReason, number>;
  return { sent: 0, remindersSent: 0, failed: 0, unconfirmed: 0, skipped };
}

export function addCounters(total: RunCounters, part: RunCounters): RunCounters {
  const skipped = { ...total.skipped };
  for (const reason of SKIP_REASONS) {
    skipped[reason] += part.skipped[reason];
  }

  return {
    sent: total.sent + part.sent,
    remindersSent: total.remindersSent + part.remindersSent,
    failed: total.failed + part.failed,
    unconfirmed: total.unconfirmed + part.unconfirmed,
    skipped,
  };
}

const SKIP_LABELS: Record<SkipReason, string> = {
  inactive: 'inactive',
  optedOut: 'opted out',
  noConsent: 'no SMS consent',
  noPhone: 'no phone',
  invalidPhone: 'invalid phone',
  recentlyReviewed: 'reviewed recently',
  openInvitation: 'with an open invitation',
  cooldown: 'invited recently',
  quietHours: 'outside sending hours (left for a later run)',
};

/** Describes the counts in one line for people, e.g. for the admin notification and the CLI. */
export function describeCounters(counters: RunCounters): string {
  const skipped = SKIP_REASONS.filter((reason) => counters.skipped[reason] > 0).map((reason) => `${counters.skipped[reason]} ${SKIP_LABELS[reason]}`);
  const parts = [`${counters.sent} sent`, `${counters.remindersSent} reminders`, `${counters.failed} failed`];
  if (counters.unconfirmed > 0) {
    parts.push(`${counters.unconfirmed} unconfirmed`);
  }

  return `${parts.join(', ')}; skipped: ${skipped.length ? skipped.join(', ') : 'none'}`;
}

export function skipLabel(reason: SkipReason): string {
  return SKIP_LABELS[reason];
}
