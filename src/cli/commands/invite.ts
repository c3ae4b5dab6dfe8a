import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Customer } from '../../core/customers.ts';
import type { Decision } from '../../core/invitation-run/eligibility.ts';
import type { RunResult } from '../../core/invitation-run/run-invitations.ts';
import { pageSizeForRate, runInvitations } from '../../core/invitation-run/run-invitations.ts';
import { describeCounters, skipLabel } from '../../core/invitation-run/run-record.ts';
import { maskPhone } from '../../core/masking.ts';
import { estimateSmsLength } from '../../core/sms-text.ts';
import { TOKEN_LENGTH } from '../../core/tokens.ts';
import { createProgressBar } from '../progress.ts';
import { withLocalData } from '../session.ts';
import type { OutboxEntry } from '../../local/outbox-entry.ts';
import { printOutboxEntry } from './outbox.ts';

/** How long one CLI invocation works before it checkpoints and starts the next, as Lambda's 15 minutes would. */
const INVOCATION_BUDGET_MS = 15 * 60 * 1000;

/**
 * `starling invite [--dry-run] [--run-id ID]`: runs the invitation round on the local data. A run
 * that pauses is continued here in a loop, as a self-invocation continues it on AWS; `--run-id`
 * resumes a run that was interrupted.
 */
export async function inviteCommand(options: { dryRun: boolean; runId?: string }): Promise<number> {
  const result = await withLocalData(async ({ attached }) => {
    const { deps, settings } = await import('../../functions/send-invitations/composition.ts');
    warnAboutLength(settings);
    if (attached) {
      console.log('Using the running `npm start`; each SMS also appears in its console.');
    }

    const runId = options.runId ?? `cli-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 6)}`;
    const progress = options.dryRun ? undefined : createProgressBar(await estimateCustomerCount());
    const control = { onProgress: progress?.update, onDecision: options.dryRun ? printDecision : undefined };
    const stop = stopOnInterrupt(runId);

    let run: RunResult;
    try {
      do {
        const deadline = Date.now() + INVOCATION_BUDGET_MS;
        const pageSize = pageSizeForRate(settings.smsPerSecond, settings.segments);
        const remainingMs = () => (stop.requested ? 0 : deadline - Date.now());
        run = await runInvitations(deps, { ...settings, runId, dryRun: options.dryRun, minRemainingMs: 0, pageSize }, { ...control, remainingMs });
      } while (run.status === 'paused' && !stop.requested);
    } finally {
      stop.dispose();
      progress?.finish();
    }

    return run;
  }, options.dryRun ? undefined : printSomeOutboxEntries());

  printResult(result);
  return result.counters.failed > 0 || result.status === 'busy' ? 1 : 0;
}

/**
 * Turns the first Ctrl+C into a pause at the next page, so the run saves its place and releases
 * its lock. A second Ctrl+C ends the process at once, and the resume command still works.
 */
function stopOnInterrupt(runId: string) {
  const state = { requested: false };
  const onInterrupt = () => {
    if (state.requested) {
      console.error(`\nStopped. Resume with: npx starling invite --run-id ${runId}`);
      process.exit(130);
    }

    state.requested = true;
    console.error('\nStopping after the current page… (press Ctrl+C again to stop at once)');
  };

  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  return {
    get requested() {
      return state.requested;
    },
    dispose: () => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    },
  };
}

/** Prints the first SMS of a run in full, then only counts them, so a large run stays readable. */
function printSomeOutboxEntries(limit = 10): (entry: OutboxEntry) => void {
  let printed = 0;
  return (entry) => {
    printed += 1;
    if (printed <= limit) {
      printOutboxEntry(entry);
    } else if (printed === limit + 1) {
      console.log('  … more messages are in the outbox: npx starling outbox');
    }
  };
}

function describeDecision(decision: Decision): string {
  switch (decision.action) {
    case 'invite':
      return 'would get an invitation';
    case 'remindIfUnopened':
      return 'would get a reminder if the invitation is still unopened';
    case 'skip':
      return `skipped: ${skipLabel(decision.reason)}`;
  }
}

function printDecision(customer: Customer, decision: Decision): void {
  const outcome = describeDecision(decision);
  const phone = customer.phone ? maskPhone(customer.phone) : '(no phone)';
  console.log(`  ${customer.name.padEnd(24)} ${phone.padEnd(16)} ${outcome}`);
}

function printResult(result: RunResult): void {
  const seconds = (result.durationMs / 1000).toFixed(1);
  if (result.status === 'dryRun') {
    console.log(`\nDry run: nothing was stored and no SMS was sent. Would send ${result.wouldSend ?? 0}; ${describeCounters(result.counters).split('; ')[1]}.`);
    return;
  }

  if (result.status === 'busy') {
    console.log(`Another invitation run, ${result.busyWith ?? 'unknown'}, has the sending lock: it is running now, or it stopped without finishing.`);
    console.log(`If it stopped, resume it with: npx starling invite --run-id ${result.busyWith ?? 'ID'}`);
    console.log('Otherwise wait for it to finish; the lock of a stopped run expires 20 minutes after it started.');
    return;
  }

  if (result.status === 'paused') {
    console.log(`\nRun ${result.runId} paused: ${describeCounters(result.counters)}.`);
    console.log(`Resume it with: npx starling invite --run-id ${result.runId}`);
    return;
  }

  if (result.status === 'alreadyCompleted') {
    console.log(`Run ${result.runId} was already completed: ${describeCounters(result.counters)}.`);
    return;
  }

  console.log(`\nRun ${result.runId} completed in ${seconds} s: ${describeCounters(result.counters)}.`);
  if (result.counters.skipped.quietHours > 0) {
    console.log('Customers outside 09:00-20:00 in their time zone get their SMS in a later run. For a local demo at night, set STARLING_SENDING_WINDOW=0-24.');
  }
  if (result.counters.sent + result.counters.remindersSent > 0) {
    console.log('Open the links from the outbox: npx starling outbox, or /dev/outbox while npm start runs.');
  }
}

/** Warns when the message, with a typical first name and this link length, needs more than one SMS segment. */
function warnAboutLength(settings: { invitationTemplate: Parameters<typeof estimateSmsLength>[0]; businessName: string; publicBaseUrl: string }): void {
  const linkLength = `${settings.publicBaseUrl}/review?token=`.length + TOKEN_LENGTH;
  const estimate = estimateSmsLength(settings.invitationTemplate, { firstName: 'Alexandra', business: settings.businessName, linkLength });
  if (estimate.segments > 1) {
    console.warn(`Note: an invitation is about ${estimate.units} ${estimate.encoding} characters, ${estimate.segments} SMS segments, each billed. A shorter business name, URL or template (STARLING_SMS_TEMPLATE) brings it to one.`);
  }
}

async function estimateCustomerCount(): Promise<number | undefined> {
  try {
    const table = await new DynamoDBClient({}).send(new DescribeTableCommand({ TableName: process.env.STARLING_CUSTOMERS_TABLE }));
    return table.Table?.ItemCount;
  } catch {
    return undefined;
  }
}
