import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { maskPhone } from '../../core/masking.ts';
import type { InboundSmsResult } from '../../core/opt-out.ts';
import { normalizePhone } from '../../core/phone.ts';
import { buildLambdaContext } from '../../local/http-api-event.ts';
import { Outbox } from '../../local/outbox.ts';
import type { OutboxEntry } from '../../local/outbox-entry.ts';
import { withLocalData } from '../session.ts';
import { CliUsageError } from '../usage.ts';
import { printOutboxEntry } from './outbox.ts';

/** The business's number on the local stack. 555-0100 to 555-0199 are fictional in every North American area code. */
const LOCAL_BUSINESS_NUMBER = '+18005550100';
const LOCAL_INBOUND_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:starling-inbound-sms';

/**
 * `starling reply PHONE TEXT`: simulates a customer texting the business. It records the SMS in the
 * outbox and runs the inbound-sms function on it, as SNS would deliver it.
 */
export async function replyCommand(phone: string | undefined, words: string[]): Promise<number> {
  const from = parsePhone(phone);
  const body = words.join(' ');
  if (body.trim() === '') {
    throw new CliUsageError('reply needs the text of the SMS, for example: npx starling reply +14155550132 STOP');
  }

  const results = await withLocalData(async ({ paths, attached }) => {
    const sentAt = new Date().toISOString();
    const entry: OutboxEntry = { to: LOCAL_BUSINESS_NUMBER, from, body, kind: 'inbound', sentAt };
    await new Outbox(paths.outbox).append(entry);
    console.log(`Recorded an SMS from ${maskPhone(from)}: ${JSON.stringify(body)}`);
    if (attached) {
      console.log('Using the running `npm start`; any reply SMS also appears in its console.');
    }

    const { handler } = await import('../../functions/inbound-sms/handler.ts');
    return handler(buildInboundSmsEvent(from, body, sentAt), buildLambdaContext('inbound-sms'));
  }, printOutboxEntry);

  const result = results[0];
  if (!result) {
    throw new Error('the inbound-sms function skipped the message; run with POWERTOOLS_LOG_LEVEL=INFO to see the reason in its log');
  }

  console.log(describeResult(result, from));
  return result.outcome === 'helpFailed' ? 1 : 0;
}

function parsePhone(phone: string | undefined): string {
  if (!phone) {
    throw new CliUsageError('reply needs the phone number the SMS comes from, for example: npx starling reply +14155550132 STOP');
  }

  const parsed = normalizePhone(phone);
  if (!parsed.ok) {
    throw new CliUsageError(`invalid phone number "${phone}": ${parsed.reason}. Write a valid number in international format, for example +14155550132`);
  }

  return parsed.phone;
}

/**
 * Builds the event that SNS delivers to a subscribed Lambda function for a two-way SMS: one record
 * whose `Message` is the payload JSON. The signature fields are placeholders, because no SNS
 * subscriber in Starling checks them.
 */
export function buildInboundSmsEvent(from: string, body: string, sentAt: string): SNSEvent {
  const payload = {
    originationNumber: from,
    destinationNumber: LOCAL_BUSINESS_NUMBER,
    messageKeyword: 'KEYWORD',
    messageBody: body,
    inboundMessageId: randomUUID(),
    previousPublishedMessageId: randomUUID(),
  };
  const subscriptionArn = `${LOCAL_INBOUND_TOPIC_ARN}:${randomUUID()}`;

  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        EventSource: 'aws:sns',
        Sns: {
          SignatureVersion: '1',
          Timestamp: sentAt,
          Signature: 'local',
          SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-local.pem',
          MessageId: randomUUID(),
          Message: JSON.stringify(payload),
          MessageAttributes: {},
          Type: 'Notification',
          UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
          TopicArn: LOCAL_INBOUND_TOPIC_ARN,
        },
      },
    ],
  };
}

function describeResult(result: InboundSmsResult, from: string): string {
  const phone = maskPhone(from);
  switch (result.outcome) {
    case 'optedOut':
      return `Marked ${phone} opted out, so Starling sends this customer no more SMS.`;
    case 'alreadyOptedOut':
      return `${phone} was already opted out${result.optedOutAt ? ` since ${result.optedOutAt}` : ''}, so nothing changed.`;
    case 'unknownNumber':
      return `No customer with that number (${phone}), so nothing changed.`;
    case 'helpSent':
      return `Sent help reply to ${phone}.`;
    case 'helpFailed':
      return `Failed to send the help reply to ${phone}. The log above shows the error.`;
    case 'ignored':
      return 'Not STOP, HELP or another keyword, so Starling ignores the reply.';
  }
}
