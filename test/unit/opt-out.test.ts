import { describe, expect, it } from 'vitest';
import type { Customer } from '../../src/core/customers.ts';
import type { InboundSmsDeps, InboundSmsSettings } from '../../src/core/opt-out.ts';
import { OPT_OUT_KEYWORDS, classifyInboundSms, composeHelpReply, handleInboundSms } from '../../src/core/opt-out.ts';
import { analyzeSms } from '../../src/core/sms-encoding.ts';
import { FakeClock, InMemoryCustomerStore, RecordingLogger, RecordingSmsSender } from '../helpers/fakes.ts';

const NOW = new Date('2025-03-01T10:00:00.000Z');
const PHONE = '+14155550132';
const UNKNOWN_PHONE = '+15105550148';
const SETTINGS: InboundSmsSettings = { businessName: 'Harbor Coffee' };

const CUSTOMER: Customer = {
  customerId: 'customer-1',
  phone: PHONE,
  name: 'Maya Okafor',
  status: 'active',
  smsConsent: true,
  createdAt: '2025-02-01T10:00:00.000Z',
  updatedAt: '2025-02-01T10:00:00.000Z',
};

interface Scenario {
  deps: InboundSmsDeps;
  customers: InMemoryCustomerStore;
  sms: RecordingSmsSender;
  logger: RecordingLogger;
}

function createScenario(customers: Customer[] = [CUSTOMER]): Scenario {
  const store = new InMemoryCustomerStore();
  store.add(...customers);
  const sms = new RecordingSmsSender();
  const logger = new RecordingLogger();

  return { deps: { customers: store, sms, clock: new FakeClock(NOW), logger }, customers: store, sms, logger };
}

/** A customer store whose every call fails, as DynamoDB does when it is unreachable. */
class FailingCustomerStore extends InMemoryCustomerStore {
  override async findByPhone(): Promise<Customer | undefined> {
    throw new Error('simulated DynamoDB outage');
  }
}

/** A store that loses the customer between `findByPhone` and `markOptedOut`, as a concurrent delete would. */
class VanishingCustomerStore extends InMemoryCustomerStore {
  override async markOptedOut(): Promise<boolean> {
    return false;
  }
}

describe('opt-out', () => {
  describe('classifyInboundSms', () => {
    it.each(OPT_OUT_KEYWORDS.map((keyword) => [keyword]))('classifies %s as opt-out', (keyword) => {
      expect(classifyInboundSms(keyword)).toBe('optOut');
    });

    it.each([
      ['stop'],
      ['Stop'],
      [' stop! '],
      ['Stop.'],
      ['STOP!!!'],
      ['"Stop"'],
      ['opt-out'],
      ['Opt-Out.'],
      ['opt–out'],
      ['optout'],
      ['UNSUBSCRIBE\n'],
      ['\tunsubscribe\r\n'],
      ['arrêt'],
      ['ＳＴＯＰ'],
      ['td'],
      ['Stop texting me please'],
      ['STOP, thanks'],
      ['Remove me from your list'],
      ['🛑 STOP'],
    ])('classifies %j as opt-out', (body) => {
      expect(classifyInboundSms(body)).toBe('optOut');
    });

    it.each([['HELP'], ['help'], [' Help? '], ['info'], ['INFO.'], ['Help me find the link']])('classifies %j as help', (body) => {
      expect(classifyInboundSms(body)).toBe('help');
    });

    it.each([
      ["don't stop"],
      ['Please stop'],
      ['Thanks, great coffee!'],
      ['stopping by tomorrow'],
      ['Stop-gap'],
      ['opt out'],
      ['STOPALL'],
      ['START'],
      ['helpful staff'],
      [''],
      ['   '],
      ['!!!'],
      ['👍'],
    ])('classifies %j as other', (body) => {
      expect(classifyInboundSms(body)).toBe('other');
    });
  });

  describe('handleInboundSms', () => {
    it('marks the customer opted out on STOP', async () => {
      // Prepare
      const { deps, customers } = createScenario();

      // Act
      const result = await handleInboundSms(deps, { from: PHONE, body: 'Stop' }, SETTINGS);

      // Assess
      expect(result).toEqual({ outcome: 'optedOut', customerId: CUSTOMER.customerId });
      expect(customers.customers.get(CUSTOMER.customerId)?.optedOut).toBe(true);
      expect(customers.customers.get(CUSTOMER.customerId)?.optedOutAt).toBe(NOW.toISOString());
    });

    it('sends no SMS on opt-out', async () => {
      // Prepare
      const { deps, sms } = createScenario();

      // Act
      await handleInboundSms(deps, { from: PHONE, body: 'STOP' }, SETTINGS);

      // Assess
      expect(sms.attempts).toEqual([]);
    });

    it('keeps first opt-out time on repeat', async () => {
      // Prepare
      const firstOptOut = '2025-02-15T08:00:00.000Z';
      const { deps, customers } = createScenario([{ ...CUSTOMER, optedOut: true, optedOutAt: firstOptOut }]);

      // Act
      const result = await handleInboundSms(deps, { from: PHONE, body: 'unsubscribe' }, SETTINGS);

      // Assess
      expect(result).toEqual({ outcome: 'alreadyOptedOut', customerId: CUSTOMER.customerId, optedOutAt: firstOptOut });
      expect(customers.customers.get(CUSTOMER.customerId)?.optedOutAt).toBe(firstOptOut);
    });

    it('changes nothing for unknown number', async () => {
      // Prepare
      const { deps, customers, sms } = createScenario();

      // Act
      const result = await handleInboundSms(deps, { from: UNKNOWN_PHONE, body: 'STOP' }, SETTINGS);

      // Assess
      expect(result).toEqual({ outcome: 'unknownNumber' });
      expect(customers.customers.get(CUSTOMER.customerId)?.optedOut).toBeUndefined();
      expect(sms.attempts).toEqual([]);
    });

    it('logs unknown number masked', async () => {
      // Prepare
      const { deps, logger } = createScenario();

      // Act
      await handleInboundSms(deps, { from: UNKNOWN_PHONE, body: 'STOP' }, SETTINGS);

      // Assess
      expect(logger.entries).toHaveLength(1);
      expect(logger.entries[0]?.level).toBe('warn');
      expect(logger.entries[0]?.extra).toEqual([{ phone: '+1********48', classification: 'optOut', length: 4 }]);
    });

    it('reports unknown number when customer vanishes', async () => {
      // Prepare
      const customers = new VanishingCustomerStore();
      customers.add(CUSTOMER);
      const deps: InboundSmsDeps = { customers, sms: new RecordingSmsSender(), clock: new FakeClock(NOW), logger: new RecordingLogger() };

      // Act
      const result = await handleInboundSms(deps, { from: PHONE, body: 'STOP' }, SETTINGS);

      // Assess
      expect(result).toEqual({ outcome: 'unknownNumber' });
    });

    it('propagates customer store failure', async () => {
      // Prepare
      const deps: InboundSmsDeps = { customers: new FailingCustomerStore(), sms: new RecordingSmsSender(), clock: new FakeClock(NOW), logger: new RecordingLogger() };

      // Act
      const handling = handleInboundSms(deps, { from: PHONE, body: 'STOP' }, SETTINGS);

      // Assess
      await expect(handling).rejects.toThrow('simulated DynamoDB outage');
    });

    it('replies to HELP with the help text', async () => {
      // Prepare
      const { deps, sms } = createScenario();

      // Act
      const result = await handleInboundSms(deps, { from: PHONE, body: 'help' }, SETTINGS);

      // Assess
      expect(result).toEqual({ outcome: 'helpSent', messageId: 'message-1' });
      expect(sms.sent).toEqual([{ phoneNumber: PHONE, body: composeHelpReply(SETTINGS) }]);
    });

    it('replies to HELP from unknown number', async () => {
      // Prepare
      const { deps, sms } = createScenario([]);

      // Act
      const result = await handleInboundSms(deps, { from: UNKNOWN_PHONE, body: 'INFO' }, SETTINGS);

      // Assess
      expect(result.outcome).toBe('helpSent');
      expect(sms.sent.map((message) => message.phoneNumber)).toEqual([UNKNOWN_PHONE]);
    });

    it('does not opt out on HELP', async () => {
      // Prepare
      const { deps, customers } = createScenario();

      // Act
      await handleInboundSms(deps, { from: PHONE, body: 'HELP' }, SETTINGS);

      // Assess
      expect(customers.customers.get(CUSTOMER.customerId)?.optedOut).toBeUndefined();
    });

    it('sends configured help text', async () => {
      // Prepare
      const { deps, sms } = createScenario();
      const helpText = 'Harbor Coffee: review links by SMS. Help: hello@harbor.example. Reply STOP to opt out.';

      // Act
      await handleInboundSms(deps, { from: PHONE, body: 'HELP' }, { ...SETTINGS, helpText });

      // Assess
      expect(sms.sent[0]?.body).toBe(helpText);
    });

    it('returns helpFailed when SMS fails', async () => {
      // Prepare
      const { deps, sms, logger } = createScenario();
      sms.failingNumbers.add(PHONE);

      // Act
      const result = await handleInboundSms(deps, { from: PHONE, body: 'HELP' }, SETTINGS);

      // Assess
      expect(result).toEqual({ outcome: 'helpFailed' });
      expect(logger.messages('error')).toEqual(['failed to send help reply']);
      expect(logger.toJson()).not.toContain(PHONE);
    });

    it('ignores other text', async () => {
      // Prepare
      const { deps, customers, sms } = createScenario();

      // Act
      const result = await handleInboundSms(deps, { from: PHONE, body: "Don't stop the great coffee!" }, SETTINGS);

      // Assess
      expect(result).toEqual({ outcome: 'ignored' });
      expect(customers.customers.get(CUSTOMER.customerId)?.optedOut).toBeUndefined();
      expect(sms.attempts).toEqual([]);
    });

    it.each([
      ['opt-out', 'STOP'],
      ['help', 'HELP'],
      ['other', 'My phone is +14155550132, call me'],
    ])('never logs phone or body for %s', async (_case, body) => {
      // Prepare
      const { deps, logger } = createScenario();

      // Act
      await handleInboundSms(deps, { from: PHONE, body }, SETTINGS);
      const logged = logger.toJson();

      // Assess
      expect(logger.entries.length).toBeGreaterThan(0);
      expect(logged).not.toContain(PHONE);
      expect(logged).not.toContain(JSON.stringify(body));
      expect(logged).toContain(`"length":${body.length}`);
    });
  });

  describe('composeHelpReply', () => {
    it('names business and opt-out', () => {
      const reply = composeHelpReply(SETTINGS);

      expect(reply.startsWith('Harbor Coffee: ')).toBe(true);
      expect(reply).toContain('review');
      expect(reply).toContain('Reply STOP to opt out.');
    });

    it('fits one GSM-7 segment', () => {
      const analysis = analyzeSms(composeHelpReply(SETTINGS));

      expect(analysis.encoding).toBe('GSM-7');
      expect(analysis.segments).toBe(1);
    });

    it.each([
      ['a long name', 'The Very Long Name Coffee Roastery and Bakery of Upper Harbor Street'],
      ['a non-GSM-7 name', 'Café Zoë'],
    ])('shortens for %s', (_case, businessName) => {
      const reply = composeHelpReply({ businessName });

      expect(reply).toBe(`${businessName}: review invitations. Reply STOP to opt out.`);
      expect(analyzeSms(reply).segments).toBe(1);
    });

    it('prefers configured text', () => {
      expect(composeHelpReply({ ...SETTINGS, helpText: 'Call 555-0100 for help.' })).toBe('Call 555-0100 for help.');
    });
  });
});
