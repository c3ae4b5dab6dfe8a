import type { Context } from 'aws-lambda';
import type { InvitationRunSummary } from '../../core/send-invitations.ts';
import { sendInvitations } from '../../core/send-invitations.ts';
import { deps, logger, settings } from './composition.ts';

/** The invocation payload; the daily schedule sends `{}`, and `starling invite --dry-run` sends `{ "dryRun": true }`. */
export interface SendInvitationsEvent {
  dryRun?: boolean;
}

/** Runs one invitation round over all customers and returns its summary. */
export async function handler(event: SendInvitationsEvent | null | undefined, context: Context): Promise<InvitationRunSummary> {
  logger.addContext(context);

  const dryRun = event?.dryRun === true;
  return sendInvitations(deps, { ...settings, dryRun });
}
