import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { RunningServer } from './dynamodb-server.ts';
import type { Outbox } from './outbox.ts';
import { findLink } from './outbox.ts';
import type { OutboxEntry } from './outbox-entry.ts';
import type { FaultInjector, SnsFaults } from './sns-faults.ts';
import { createFaultInjector, faultResponse } from './sns-faults.ts';

const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
const E164 = /^\+[1-9]\d{6,14}$/;

export interface SnsStandInOptions {
  outbox: Outbox;
  /** Called after each accepted message, for the console. */
  onMessage?: (entry: OutboxEntry) => void;
  /** Failures to inject into SMS publishes (none when absent). */
  faults?: SnsFaults;
}

/** The outcome of one request to the stand-in; `stats()` counts requests by outcome. */
export type SnsPublishOutcome =
  | 'smsDelivered'
  | 'notificationDelivered'
  | 'throttled'
  | 'temporaryError'
  | 'invalidNumber'
  | 'optedOut'
  | 'invalidRequest'
  | 'serverError';

export type SnsStandInStats = Record<SnsPublishOutcome, number>;

export interface SnsStandIn extends RunningServer {
  /** Replaces all injected faults and restarts the random draws from `faults.seed`. Throws `ConfigError` on an invalid setting. */
  setFaults(faults: SnsFaults): void;
  /** Returns a copy of the request counts by outcome since the stand-in started. */
  stats(): SnsStandInStats;
}

interface StandInState {
  options: SnsStandInOptions;
  faults: FaultInjector;
  counts: SnsStandInStats;
}

/**
 * Starts a stand-in for Amazon SNS on 127.0.0.1 that speaks its query protocol, so the real SNS
 * adapter and SDK run unchanged. It handles `Publish` to a phone number (an SMS) or to a topic (an admin
 * notification), records each in the outbox, and returns SNS's XML response or error. SMS publishes
 * can be delayed or failed on purpose (see `SnsFaults`), and a failed publish records nothing.
 */
export async function startSnsStandIn(options: SnsStandInOptions): Promise<SnsStandIn> {
  const state: StandInState = { options, faults: createFaultInjector(options.faults ?? {}), counts: emptyStats() };
  const server = createServer((request, response) => {
    handle(request, response, state).catch((error: unknown) => {
      state.counts.serverError += 1;
      sendError(response, { status: 500, type: 'Receiver', code: 'InternalError', message: error instanceof Error ? error.message : 'internal error' });
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
    setFaults: (faults) => {
      state.faults = createFaultInjector(faults);
    },
    stats: () => ({ ...state.counts }),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, state: StandInState): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const action = params.get('Action');
  if (request.method !== 'POST' || action !== 'Publish') {
    state.counts.invalidRequest += 1;
    sendError(response, { status: 400, type: 'Sender', code: 'InvalidAction', message: `The action ${action ?? '(none)'} is not valid for this endpoint.` });
    return;
  }

  const entry = toOutboxEntry(params);
  if ('error' in entry) {
    state.counts[entry.outcome] += 1;
    sendError(response, { status: 400, type: 'Sender', code: 'InvalidParameter', message: entry.error });
    return;
  }

  if (entry.kind === 'sms') {
    const { faults } = state;
    if (faults.latencyMs > 0) {
      await delay(faults.latencyMs);
    }

    const fault = faults.pickFault(entry.to);
    if (fault) {
      state.counts[fault] += 1;
      sendError(response, faultResponse(fault, entry.to));
      return;
    }
  }

  await state.options.outbox.append(entry);
  state.counts[entry.kind === 'sms' ? 'smsDelivered' : 'notificationDelivered'] += 1;
  state.options.onMessage?.(entry);

  const messageId = randomUUID();
  response.writeHead(200, { 'Content-Type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  response.end(
    `<PublishResponse xmlns="${SNS_NAMESPACE}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult>` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
  );
}

function toOutboxEntry(params: URLSearchParams): OutboxEntry | { error: string; outcome: 'invalidNumber' | 'invalidRequest' } {
  const message = params.get('Message');
  if (!message) {
    return { error: 'Invalid parameter: Empty message', outcome: 'invalidRequest' };
  }

  const sentAt = new Date().toISOString();
  const phoneNumber = params.get('PhoneNumber');
  if (phoneNumber !== null) {
    if (!E164.test(phoneNumber)) {
      return { error: `Invalid parameter: PhoneNumber Reason: ${phoneNumber} is not valid to publish to`, outcome: 'invalidNumber' };
    }

    return { kind: 'sms', to: phoneNumber, body: message, link: findLink(message), sentAt };
  }

  const topicArn = params.get('TopicArn');
  if (topicArn) {
    const topicName = topicArn.split(':').at(-1) ?? topicArn;
    return { kind: 'notification', to: topicName, body: message, link: findLink(message), sentAt };
  }

  return { error: 'Invalid parameter: TopicArn or TargetArn or PhoneNumber Reason: no value for required parameter', outcome: 'invalidRequest' };
}

function emptyStats(): SnsStandInStats {
  return {
    smsDelivered: 0,
    notificationDelivered: 0,
    throttled: 0,
    temporaryError: 0,
    invalidNumber: 0,
    optedOut: 0,
    invalidRequest: 0,
    serverError: 0,
  };
}

function sendError(response: ServerResponse, error: { status: number; type: 'Sender' | 'Receiver'; code: string; message: string }): void {
  const escaped = error.message.replace(/[<>&]/g, (character) => `&#${character.charCodeAt(0)};`);
  response.writeHead(error.status, { 'Content-Type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  response.end(
    `<ErrorResponse xmlns="${SNS_NAMESPACE}"><Error><Type>${error.type}</Type><Code>${error.code}</Code><Message>${escaped}</Message></Error>` +
      `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}
