import type { InvitationRunSummary } from '../../core/send-invitations.ts';
import { buildLambdaContext } from '../../local/http-api-event.ts';
import { withLocalData } from '../session.ts';
import { printOutboxEntry } from './outbox.ts';

const SKIP_REASONS: Record<string, string> = {
  inactive: 'inactive customer',
  noConsent: 'no SMS consent',
  noPhone: 'no phone number',
};

/** `starling invite [--dry-run]`: runs the send-invitations function once, as the daily schedule does. */
export async function inviteCommand(options: { dryRun: boolean }): Promise<number> {
  const summary = await withLocalData(async ({ attached }) => {
    if (attached) {
      console.log('Using the running `npm start`; each SMS also appears in its console.');
    }

    const { handler } = await import('../../functions/send-invitations/handler.ts');
    return handler({ dryRun: options.dryRun }, buildLambdaContext('send-invitations', 15 * 60 * 1000));
  }, printOutboxEntry);

  printSummary(summary);
  return summary.failed > 0 ? 1 : 0;
}

function printSummary(summary: InvitationRunSummary): void {
  if (summary.planned) {
    console.log('\nDry run: nothing was stored and no SMS was sent.');
    for (const plan of summary.planned) {
      const decision = plan.decision === 'send' ? 'would get an SMS' : `skipped: ${SKIP_REASONS[plan.decision] ?? plan.decision}`;
      console.log(`  ${plan.name.padEnd(24)} ${(plan.phone ?? '(no phone)').padEnd(16)} ${decision}`);
    }
  }

  const skipped = Object.entries(summary.skipped).filter(([, count]) => count > 0);
  const skippedText = skipped.length ? skipped.map(([reason, count]) => `${count} ${SKIP_REASONS[reason] ?? reason}`).join(', ') : 'none';
  const count = summary.dryRun ? (summary.wouldSend ?? 0) : summary.sent;
  const verb = summary.dryRun ? 'Would send' : 'Sent';

  const failed = summary.dryRun ? '' : `, ${summary.failed} failed`;
  console.log(`\n${verb} ${count} invitation${count === 1 ? '' : 's'}${failed}; skipped: ${skippedText}. (${summary.durationMs} ms)`);
  if (!summary.dryRun && summary.sent > 0) {
    console.log('Open the links from the outbox: npx starling outbox, or /dev/outbox while npm start runs.');
  }
}
