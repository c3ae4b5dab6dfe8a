import { maskPhone } from '../../core/masking.ts';
import { resolveDataPaths } from '../../local/data-dir.ts';
import { readOutbox } from '../../local/outbox.ts';
import type { OutboxEntry } from '../../local/outbox-entry.ts';

/**
 * `starling outbox [--json]`: the SMS and admin notifications sent on this machine, oldest first.
 * It only reads the outbox file, so it needs no running servers.
 */
export async function outboxCommand(options: { json: boolean }): Promise<number> {
  const entries = await readOutbox(resolveDataPaths().outbox);

  if (options.json) {
    console.log(JSON.stringify(entries, null, 2));
    return 0;
  }

  if (entries.length === 0) {
    console.log('The outbox is empty. Send invitations with: npx starling invite');
    return 0;
  }

  entries.forEach(printOutboxEntry);
  return 0;
}

function describeRecipient(entry: OutboxEntry): string {
  switch (entry.kind) {
    case 'sms':
      return `SMS to ${maskPhone(entry.to)}`;
    case 'inbound':
      return `Reply from ${maskPhone(entry.from ?? '')} to ${entry.to}`;
    default:
      return `Notification to ${entry.to}`;
  }
}

/** Prints one message, with the phone number masked and the link on its own line for easy copying. */
export function printOutboxEntry(entry: OutboxEntry): void {
  const recipient = describeRecipient(entry);
  console.log(`[${entry.sentAt}] ${recipient}`);
  console.log(`  ${entry.body.replace(/\n/g, '\n  ')}`);
  if (entry.link) {
    console.log(`  Link: ${entry.link}`);
  }
}
