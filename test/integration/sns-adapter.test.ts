import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthorizationErrorException,
  InternalErrorException,
  InvalidParameterException,
  OptedOutException,
  PublishCommand,
  SNSClient,
  SNSServiceException,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SnsAdminNotifier } from '../../src/adapters/sns/admin-notifier.ts';
import { SnsSmsSender } from '../../src/adapters/sns/sms-sender.ts';
import { SmsError, SmsInvalidNumberError, SmsOptedOutError, SmsOutcomeUnknownError, SmsTemporaryError, SmsThrottledError } from '../../src/core/sms-errors.ts';
import type { RunningServer } from '../../src/local/dynamodb-server.ts';
import { Outbox } from '../../src/local/outbox.ts';
import { startSnsStandIn } from '../../src/local/sns-stand-in.ts';

const SMS = { phoneNumber: '+14155550132', body: 'Hi Maya, Harbor Coffee would love your feedback: http://127.0.0.1:3000/review?token=abc Reply STOP to opt out.' };
const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:starling-admin';
const METADATA = (httpStatusCode: number) => ({ $metadata: { httpStatusCode }, $fault: httpStatusCode >= 500 ? ('server' as const) : ('client' as const) });

/** Builds an error the way SDK v3 raises an SNS error code that its model does not list. */
function unmodeledError(name: string, httpStatusCode: number, message = `${name} from SNS`): SNSServiceException {
  return new SNSServiceException({ name, message, ...METADATA(httpStatusCode) });
}

/** Builds a Node.js system error such as a refused connection. */
function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:443`), { code });
}

const SDK_ERROR_CASES: Array<[string, Error, new (...args: never[]) => SmsError]> = [
  ['ThrottledException', new ThrottledException({ message: 'Rate exceeded', ...METADATA(429) }), SmsThrottledError],
  ['Throttling', unmodeledError('Throttling', 400), SmsThrottledError],
  ['ThrottlingException', unmodeledError('ThrottlingException', 400), SmsThrottledError],
  ['an HTTP 429', unmodeledError('TooManyRequests', 429), SmsThrottledError],
  ['InternalErrorException', new InternalErrorException({ message: 'internal error', ...METADATA(500) }), SmsTemporaryError],
  ['InternalError', unmodeledError('InternalError', 500), SmsTemporaryError],
  ['ServiceUnavailable', unmodeledError('ServiceUnavailable', 503), SmsTemporaryError],
  ['an HTTP 502', unmodeledError('BadGateway', 502), SmsTemporaryError],
  ['ECONNRESET', systemError('ECONNRESET'), SmsOutcomeUnknownError],
  ['ECONNREFUSED', systemError('ECONNREFUSED'), SmsTemporaryError],
  ['ETIMEDOUT', systemError('ETIMEDOUT'), SmsOutcomeUnknownError],
  ['TimeoutError', Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }), SmsOutcomeUnknownError],
  [
    'an invalid phone number',
    new InvalidParameterException({ message: 'Invalid parameter: PhoneNumber Reason: +14155550132 is not valid to publish to', ...METADATA(400) }),
    SmsInvalidNumberError,
  ],
  [
    'an opted-out phone number',
    new InvalidParameterException({ message: 'Invalid parameter: PhoneNumber Reason: +14155550132 is opted out', ...METADATA(400) }),
    SmsOptedOutError,
  ],
  ['an opted-out message in other words', unmodeledError('InvalidParameter', 400, 'Phone number is Opted Out'), SmsOptedOutError],
  ['OptedOutException', new OptedOutException({ message: 'Phone number is opted out', ...METADATA(400) }), SmsOptedOutError],
];

describe('SnsSmsSender with a mocked SDK', () => {
  // The mock replaces SNSClient's send for every client, so it is removed before the stand-in tests.
  let sns: ReturnType<typeof mockClient>;

  beforeAll(() => {
    sns = mockClient(SNSClient);
  });

  afterAll(() => {
    sns.restore();
  });

  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
  });

  it('publishes to the phone number as transactional', async () => {
    const sender = new SnsSmsSender(new SNSClient({ region: 'us-east-1' }));

    const result = await sender.send(SMS);
    const calls = sns.commandCalls(PublishCommand);

    expect(result.messageId).toBe('message-1');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      PhoneNumber: '+14155550132',
      Message: SMS.body,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
  });

  it('never publishes an SMS to a topic', async () => {
    const sender = new SnsSmsSender(new SNSClient({ region: 'us-east-1' }));

    await sender.send(SMS);
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;

    expect(input?.TopicArn).toBeUndefined();
    expect(input?.TargetArn).toBeUndefined();
  });

  it('adds the sender id when configured', async () => {
    const sender = new SnsSmsSender(new SNSClient({ region: 'us-east-1' }), { senderId: 'HARBOR' });

    await sender.send(SMS);
    const attributes = sns.commandCalls(PublishCommand)[0]?.args[0].input.MessageAttributes;

    expect(attributes?.['AWS.SNS.SMS.SenderID']).toEqual({ DataType: 'String', StringValue: 'HARBOR' });
  });

  it('fails when SNS returns no message id', async () => {
    sns.on(PublishCommand).resolves({});
    const sender = new SnsSmsSender(new SNSClient({ region: 'us-east-1' }));

    await expect(sender.send(SMS)).rejects.toThrow('no message id');
  });

  it.each(SDK_ERROR_CASES)('maps %s to its SMS error', async (_case, sdkError, expectedClass) => {
    sns.on(PublishCommand).rejects(sdkError);
    const sender = new SnsSmsSender(new SNSClient({ region: 'us-east-1' }));

    const error = await sender.send(SMS).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(expectedClass);
    expect((error as Error).cause).toBe(sdkError);
    expect((error as Error).message).not.toContain('4155550132');
  });

  it('passes unknown SDK errors through unchanged', async () => {
    const denied = new AuthorizationErrorException({ message: 'User is not authorized to perform SNS:Publish', ...METADATA(403) });
    sns.on(PublishCommand).rejects(denied);
    const sender = new SnsSmsSender(new SNSClient({ region: 'us-east-1' }));

    await expect(sender.send(SMS)).rejects.toBe(denied);
  });

  it('passes through other invalid parameters', async () => {
    const emptyMessage = new InvalidParameterException({ message: 'Invalid parameter: Empty message', ...METADATA(400) });
    sns.on(PublishCommand).rejects(emptyMessage);
    const sender = new SnsSmsSender(new SNSClient({ region: 'us-east-1' }));

    await expect(sender.send(SMS)).rejects.toBe(emptyMessage);
  });

  it('publishes admin notifications to the topic with an ASCII subject', async () => {
    const notifier = new SnsAdminNotifier(new SNSClient({ region: 'us-east-1' }), TOPIC_ARN);

    await notifier.notify({ subject: 'New 5-star review ★', body: 'Moderate it: http://127.0.0.1:3000/admin/reviews/abc' });
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;

    expect(input).toEqual({ TopicArn: TOPIC_ARN, Subject: 'New 5-star review ', Message: 'Moderate it: http://127.0.0.1:3000/admin/reviews/abc' });
  });
});

describe('SnsSmsSender against the local SNS stand-in', () => {
  let folder: string;
  let outbox: Outbox;
  let standIn: RunningServer;
  let client: SNSClient;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'starling-sns-'));
    outbox = new Outbox(join(folder, 'outbox.jsonl'));
    standIn = await startSnsStandIn({ outbox });
    client = new SNSClient({ region: 'us-east-1', endpoint: standIn.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });

  afterAll(async () => {
    await standIn.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('records the SMS in the outbox', async () => {
    const { messageId } = await new SnsSmsSender(client).send(SMS);
    const entries = await outbox.list();

    expect(messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entries.at(-1)).toMatchObject({ kind: 'sms', to: SMS.phoneNumber, body: SMS.body, link: 'http://127.0.0.1:3000/review?token=abc' });
  });

  it('rejects a number that is not E.164', async () => {
    const sending = new SnsSmsSender(client).send({ ...SMS, phoneNumber: '4155550132' });
    const error = await sending.catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SmsInvalidNumberError);
    expect((error as Error).cause).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('records admin notifications under the topic name', async () => {
    await new SnsAdminNotifier(client, TOPIC_ARN).notify({ subject: 'New review', body: 'Moderate it' });
    const entries = await outbox.list();

    expect(entries.at(-1)).toMatchObject({ kind: 'notification', to: 'starling-admin', body: 'Moderate it' });
  });
});
