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

    let run: RunResult;
    do {
      const deadline = Date.now() + INVOCATION_BUDGET_MS;
      const pageSize = pageSizeForRate(settings.smsPerSecond, settings.segments);
      run = await runInvitations(deps, { ...settings, runId, dryRun: options.dryRun, minRemainingMs: 0, pageSize }, { ...control, remainingMs: () => deadline - Date.now() });
    } while (run.status === 'paused');

    progress?.finish();
    return run;
  }, options.dryRun ? undefined : printOutboxEntry);

  printResult(result);
  return result.counters.failed > 0 || result.status === 'busy' ? 1 : 0;
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
    console.log(`Another invitation run (${result.busyWith ?? 'unknown'}) is in progress; try again when it has finished.`);
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
