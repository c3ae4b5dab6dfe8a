import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SnsAdminNotifier } from '../../src/adapters/sns/admin-notifier.ts';
import { SnsSmsSender } from '../../src/adapters/sns/sms-sender.ts';
import type { RunningServer } from '../../src/local/dynamodb-server.ts';
import { Outbox } from '../../src/local/outbox.ts';
import { startSnsStandIn } from '../../src/local/sns-stand-in.ts';

const SMS = { phoneNumber: '+14155550132', body: 'Hi Maya, Harbor Coffee would love your feedback: http://127.0.0.1:3000/review?token=abc Reply STOP to opt out.' };
const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:starling-admin';

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

    await expect(sending).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('records admin notifications under the topic name', async () => {
    await new SnsAdminNotifier(client, TOPIC_ARN).notify({ subject: 'New review', body: 'Moderate it' });
    const entries = await outbox.list();

    expect(entries.at(-1)).toMatchObject({ kind: 'notification', to: 'starling-admin', body: 'Moderate it' });
  });
});
