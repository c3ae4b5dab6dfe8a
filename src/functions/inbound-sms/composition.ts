import { SNSClient } from '@aws-sdk/client-sns';
import { SnsSmsSender } from '../../adapters/sns/sms-sender.ts';
import { businessName } from '../../config.ts';
import type { InboundSmsDeps, InboundSmsSettings } from '../../core/opt-out.ts';
import { composeHelpReply } from '../../core/opt-out.ts';
import { systemClock } from '../../core/ports.ts';
import { analyzeSms } from '../../core/sms-encoding.ts';
import { createLogger, createStores } from '../shared/runtime.ts';

export const logger = createLogger('inbound-sms');

const { customers } = createStores(process.env);

// NOTE: SNS picks the number that sends the help reply, which may differ from the number the
// customer texted, because the SMS sender sets no origination number.
export const deps: InboundSmsDeps = {
  customers,
  sms: new SnsSmsSender(new SNSClient({}), { senderId: process.env.STARLING_SMS_SENDER_ID?.trim() || undefined }),
  clock: systemClock,
  logger,
};

export const settings: InboundSmsSettings = {
  businessName: businessName(process.env),
  helpText: process.env.STARLING_SMS_HELP_TEXT?.trim() || undefined,
};

const helpReply = analyzeSms(composeHelpReply(settings));
if (helpReply.segments > 1) {
  logger.warn('the help reply is longer than one SMS and is billed as several', { ...helpReply });
}
