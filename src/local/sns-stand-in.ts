import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from './dynamodb-server.ts';
import type { Outbox } from './outbox.ts';
import { findLink } from './outbox.ts';
import type { OutboxEntry } from './outbox-entry.ts';

const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
const E164 = /^\+[1-9]\d{6,14}$/;

export interface SnsStandInOptions {
  outbox: Outbox;
  /** Called after each accepted message, for the console. */
  onMessage?: (entry: OutboxEntry) => void;
}

/**
 * Starts a stand-in for Amazon SNS on 127.0.0.1 that speaks its query protocol, so the real SNS
 * adapter and SDK run unchanged. It handles `Publish` to a phone number (an SMS) or to a topic (an admin
 * notification), records each in the outbox, and returns SNS's XML response or error.
 */
export async function startSnsStandIn(options: SnsStandInOptions): Promise<RunningServer> {
  const server = createServer((request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      sendError(response, 500, 'InternalError', error instanceof Error ? error.message : 'internal error');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, options: SnsStandInOptions): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const action = params.get('Action');
  if (request.method !== 'POST' || action !== 'Publish') {
    sendError(response, 400, 'InvalidAction', `The action ${action ?? '(none)'} is not valid for this endpoint.`);
    return;
  }

  const entry = toOutboxEntry(params);
  if ('error' in entry) {
    sendError(response, 400, 'InvalidParameter', entry.error);
    return;
  }

  await options.outbox.append(entry);
  options.onMessage?.(entry);

  const messageId = randomUUID();
  response.writeHead(200, { 'Content-Type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  response.end(
    `<PublishResponse xmlns="${SNS_NAMESPACE}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult>` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
  );
}

function toOutboxEntry(params: URLSearchParams): OutboxEntry | { error: string } {
  const message = params.get('Message');
  if (!message) {
    return { error: 'Invalid parameter: Empty message' };
  }

  const sentAt = new Date().toISOString();
  const phoneNumber = params.get('PhoneNumber');
  if (phoneNumber !== null) {
    if (!E164.test(phoneNumber)) {
      return { error: `Invalid parameter: PhoneNumber Reason: ${phoneNumber} is not valid to publish to` };
    }

    return { kind: 'sms', to: phoneNumber, body: message, link: findLink(message), sentAt };
  }

  const topicArn = params.get('TopicArn');
  if (topicArn) {
    const topicName = topicArn.split(':').at(-1) ?? topicArn;
    return { kind: 'notification', to: topicName, body: message, link: findLink(message), sentAt };
  }

  return { error: 'Invalid parameter: TopicArn or TargetArn or PhoneNumber Reason: no value for required parameter' };
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  const escaped = message.replace(/[<>&]/g, (character) => `&#${character.charCodeAt(0)};`);
  response.writeHead(status, { 'Content-Type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  response.end(
    `<ErrorResponse xmlns="${SNS_NAMESPACE}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escaped}</Message></Error>` +
      `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}
