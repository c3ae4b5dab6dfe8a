import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { SKIP_REASONS } from '../../core/invitation-run/eligibility.ts';
import type { RunResult } from '../../core/invitation-run/run-invitations.ts';
import { pageSizeForRate, runInvitations } from '../../core/invitation-run/run-invitations.ts';
import { continuation, deps, logger, metrics, settings } from './composition.ts';

/**
 * The invocation payload. The schedule sends a run id derived from its scheduled time, so a retried
 * delivery of the same schedule continues that run. A continuation sends the id of the paused run.
 */
export interface SendInvitationsEvent {
  runId?: string;
  dryRun?: boolean;
}

const RUN_ID_PATTERN = /^[A-Za-z0-9:._-]{1,128}$/;
/** Time kept in reserve to save the checkpoint and start the continuation before Lambda's timeout. */
const MIN_REMAINING_MS = 60_000;

/** Runs or continues one invitation round and returns its result. */
export async function handler(event: SendInvitationsEvent | null | undefined, context: Context): Promise<RunResult> {
  logger.addContext(context);

  const runId = event?.runId ?? `manual-${new Date().toISOString()}-${randomUUID().slice(0, 8)}`;
  if (!RUN_ID_PATTERN.test(runId)) {
    throw new Error(`invalid run id "${runId.slice(0, 40)}": use letters, digits and : . _ - (at most 128)`);
  }

  const result = await runInvitations(
    deps,
    { ...settings, runId, dryRun: event?.dryRun === true, minRemainingMs: MIN_REMAINING_MS, pageSize: pageSizeForRate(settings.smsPerSecond, settings.segments) },
    { remainingMs: () => context.getRemainingTimeInMillis() },
  );

  if (result.status === 'paused') {
    await continuation.continueRun(runId);
  }

  publishMetrics(result);
  return result;
}

function publishMetrics(result: RunResult): void {
  if (result.status !== 'completed') {
    return;
  }

  metrics.addMetric('InvitationsSent', MetricUnit.Count, result.counters.sent);
  metrics.addMetric('RemindersSent', MetricUnit.Count, result.counters.remindersSent);
  metrics.addMetric('InvitationsFailed', MetricUnit.Count, result.counters.failed);
  metrics.addMetric('InvitationsUnconfirmed', MetricUnit.Count, result.counters.unconfirmed);
  for (const reason of SKIP_REASONS) {
    metrics.addMetric(`Skipped_${reason}`, MetricUnit.Count, result.counters.skipped[reason]);
  }
  metrics.addMetric('RunDurationMs', MetricUnit.Milliseconds, result.durationMs);
  metrics.publishStoredMetrics();
}
