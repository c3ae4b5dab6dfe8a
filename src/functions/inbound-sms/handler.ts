import type { Context, SNSEvent, SNSEventRecord } from 'aws-lambda';
import * as z from 'zod';
import { describeError } from '../../core/masking.ts';
import type { InboundSms, InboundSmsResult } from '../../core/opt-out.ts';
import { handleInboundSms } from '../../core/opt-out.ts';
import { isE164 } from '../../core/phone.ts';
import { deps, logger, settings } from './composition.ts';

/**
 * The fields Starling reads from the two-way SMS payload that AWS publishes to the inbound topic,
 * described at https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html.
 */
const inboundSmsPayloadSchema = z.object({
  originationNumber: z.string().refine(isE164, 'must be an E.164 phone number'),
  messageBody: z.string(),
});

/**
 * Handles the SMS that customers send to the business's number, delivered by SNS one payload per
 * record. A record that is not a valid payload is logged and skipped. Returns one result per
 * handled record, which Lambda discards and the local `starling reply` prints. When the customer
 * store fails, it still handles the other records and then throws, so Lambda retries the event.
 */
export async function handler(event: SNSEvent, context: Context): Promise<InboundSmsResult[]> {
  logger.addContext(context);

  const records: unknown = event?.Records;
  if (!Array.isArray(records)) {
    logger.error('skipped an event without the Records list that every SNS event has');
    return [];
  }

  const results: InboundSmsResult[] = [];
  const errors: unknown[] = [];
  for (const record of records as SNSEventRecord[]) {
    const message = parseRecord(record);
    if (!message) {
      continue;
    }

    try {
      results.push(await handleInboundSms(deps, message, settings));
    } catch (error) {
      logger.error('failed to handle inbound SMS', { snsMessageId: record.Sns.MessageId, error: describeError(error) });
      errors.push(error);
    }
  }

  if (errors.length > 0) {
    throw new AggregateError(errors, `failed to handle ${errors.length} of ${records.length} inbound SMS, so Lambda retries the event`);
  }

  return results;
}

/** Reads the payload of one record, or logs why it cannot and returns `undefined`. The log never includes the payload. */
function parseRecord(record: SNSEventRecord): InboundSms | undefined {
  const snsMessageId = record?.Sns?.MessageId;
  const text = record?.Sns?.Message;
  if (typeof text !== 'string') {
    logger.error('skipped an SNS record without a Message', { snsMessageId });
    return undefined;
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    logger.error('skipped an SNS record whose Message is not JSON', { snsMessageId, length: text.length });
    return undefined;
  }

  const parsed = inboundSmsPayloadSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
    logger.error('skipped an invalid inbound SMS payload', { snsMessageId, problems });
    return undefined;
  }

  return { from: parsed.data.originationNumber, body: parsed.data.messageBody };
}
