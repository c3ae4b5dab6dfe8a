import type { SNSEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Customer } from '../../src/core/customers.ts';
import { buildInboundSmsEvent } from '../../src/cli/commands/reply.ts';
import { buildLambdaContext } from '../../src/local/http-api-event.ts';
import { FakeClock, InMemoryCustomerStore, RecordingLogger, RecordingSmsSender } from '../helpers/fakes.ts';

// The handler reads its adapters from the composition root; these fakes take their place.
const composition = vi.hoisted(() => ({
  deps: {} as unknown,
  logger: {} as unknown,
  settings: { businessName: 'Harbor Coffee' },
}));

vi.mock('../../src/functions/inbound-sms/composition.ts', () => composition);

const { handler } = await import('../../src/functions/inbound-sms/handler.ts');

const PHONE = '+14155550132';
const CONTEXT = buildLambdaContext('inbound-sms');
const CUSTOMER: Customer = {
  customerId: 'customer-1',
  phone: PHONE,
  name: 'Maya Okafor',
  status: 'active',
  smsConsent: true,
  createdAt: '2025-02-01T10:00:00.000Z',
  updatedAt: '2025-02-01T10:00:00.000Z',
};

let customers: InMemoryCustomerStore;
let logger: RecordingLogger & { addContext: () => void };

beforeEach(() => {
  customers = new InMemoryCustomerStore();
  customers.add(CUSTOMER);
  logger = Object.assign(new RecordingLogger(), { addContext: () => undefined });
  composition.deps = { customers, sms: new RecordingSmsSender(), clock: new FakeClock(new Date('2025-03-01T10:00:00.000Z')), logger };
  composition.logger = logger;
});

/** Returns `event` with the first record's `Message` replaced. */
function withMessage(message: string): SNSEvent {
  const event = buildInboundSmsEvent(PHONE, 'STOP', '2025-03-01T10:00:00.000Z');
  const [record] = event.Records;
  if (!record) {
    throw new Error('the event builder returned no record');
  }

  return { Records: [{ ...record, Sns: { ...record.Sns, Message: message } }] };
}

describe('inbound-sms handler', () => {
  it('opts out on STOP record', async () => {
    // Prepare
    const event = buildInboundSmsEvent(PHONE, 'STOP', '2025-03-01T10:00:00.000Z');

    // Act
    const results = await handler(event, CONTEXT);

    // Assess
    expect(results).toEqual([{ outcome: 'optedOut', customerId: CUSTOMER.customerId }]);
    expect(customers.customers.get(CUSTOMER.customerId)?.optedOut).toBe(true);
  });

  it.each([
    ['non-JSON Message', 'STOP'],
    ['missing messageBody', JSON.stringify({ originationNumber: PHONE })],
    ['non-E.164 number', JSON.stringify({ originationNumber: '4155550132', messageBody: 'STOP' })],
    ['JSON null', 'null'],
  ])('skips record with %s', async (_case, message) => {
    // Prepare
    const event = withMessage(message);

    // Act
    const results = await handler(event, CONTEXT);

    // Assess
    expect(results).toEqual([]);
    expect(logger.messages('error')).toHaveLength(1);
    expect(customers.customers.get(CUSTOMER.customerId)?.optedOut).toBeUndefined();
  });

  it('handles valid records after malformed one', async () => {
    // Prepare
    const malformed = withMessage('{not json').Records;
    const valid = buildInboundSmsEvent(PHONE, 'stop', '2025-03-01T10:00:00.000Z').Records;

    // Act
    const results = await handler({ Records: [...malformed, ...valid] }, CONTEXT);

    // Assess
    expect(results.map((result) => result.outcome)).toEqual(['optedOut']);
  });

  it('never logs the payload', async () => {
    // Prepare
    const event = withMessage(JSON.stringify({ originationNumber: '4155550132', messageBody: 'private words' }));

    // Act
    await handler(event, CONTEXT);
    const logged = logger.toJson();

    // Assess
    expect(logged).not.toContain('4155550132');
    expect(logged).not.toContain('private words');
  });

  it('returns nothing for event without Records', async () => {
    const results = await handler({} as SNSEvent, CONTEXT);

    expect(results).toEqual([]);
  });

  it('throws after the batch when the store fails', async () => {
    // Prepare
    customers.findByPhone = async () => {
      throw new Error('simulated DynamoDB outage');
    };
    const event = buildInboundSmsEvent(PHONE, 'STOP', '2025-03-01T10:00:00.000Z');

    // Act
    const handling = handler(event, CONTEXT);

    // Assess
    await expect(handling).rejects.toThrow('failed to handle 1 of 1 inbound SMS');
  });
});
