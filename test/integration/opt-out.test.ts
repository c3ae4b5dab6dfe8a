import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores } from '../../src/functions/shared/runtime.ts';
import { runCli } from '../helpers/cli.ts';
import type { TestStack } from '../helpers/local-stack.ts';
import { startTestStack } from '../helpers/local-stack.ts';

const FIXTURE = 'test/fixtures/customers-shopify.csv';
/** Maya Okafor in the fixture: active, with SMS consent. */
const MAYA_PHONE = '+14155550132';
/** Daniel Reyes in the fixture: active, with SMS consent. */
const DANIEL_PHONE = '+15105550148';
/** A number that no customer in the fixture has. */
const STRANGER_PHONE = '+12025550123';

describe('opt-out replies on the local stack', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    const imported = await runCli(stack.paths.root, ['import', FIXTURE]);
    if (imported.code !== 0) {
      throw new Error(`importing ${FIXTURE} failed: ${imported.stderr}`);
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function storedCustomer(phone: string) {
    return createStores(process.env).customers.findByPhone(phone);
  }

  it('marks the customer opted out on STOP', async () => {
    const result = await runCli(stack.paths.root, ['reply', MAYA_PHONE, 'STOP']);
    const customer = await storedCustomer(MAYA_PHONE);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Marked +1********32 opted out');
    expect(customer?.optedOut).toBe(true);
    expect(customer?.optedOutAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('records the reply in the outbox', async () => {
    const inbound = (await stack.outbox()).filter((entry) => entry.kind === 'inbound');

    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({ kind: 'inbound', from: MAYA_PHONE, body: 'STOP' });
    expect(inbound[0]?.to).toMatch(/^\+\d+$/);
  });

  it('keeps the first opt-out on a repeat', async () => {
    const before = await storedCustomer(MAYA_PHONE);

    const result = await runCli(stack.paths.root, ['reply', MAYA_PHONE, 'unsubscribe.']);
    const after = await storedCustomer(MAYA_PHONE);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('already opted out');
    expect(after?.optedOutAt).toBe(before?.optedOutAt);
  });

  // Other customers are not checked, because quiet hours skip them at some times of day.
  it('leaves the customer out of an invite dry run', async () => {
    const result = await runCli(stack.paths.root, ['invite', '--dry-run']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Maya Okafor\s+\+1\*+32\s+skipped: opted out/);
  });

  it('sends the help SMS on HELP', async () => {
    const result = await runCli(stack.paths.root, ['reply', DANIEL_PHONE, 'Help']);
    const sms = (await stack.outbox()).filter((entry) => entry.kind === 'sms' && entry.to === DANIEL_PHONE);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Sent help reply to +1********48');
    expect(sms).toHaveLength(1);
    expect(sms[0]?.body).toMatch(/^Harbor Coffee: .*Reply STOP to opt out\.$/);
  });

  it('does not opt out on HELP', async () => {
    const customer = await storedCustomer(DANIEL_PHONE);

    expect(customer?.optedOut).toBeUndefined();
  });

  it('shows the reply on the outbox page', async () => {
    const response = await fetch(`${stack.url}/dev/outbox`);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain(`<span class="kind">Reply</span> from ${MAYA_PHONE} to +`);
  });

  it('changes nothing for an unknown number', async () => {
    const result = await runCli(stack.paths.root, ['reply', STRANGER_PHONE, 'STOP']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No customer with that number');
  });

  it('ignores other text', async () => {
    const result = await runCli(stack.paths.root, ['reply', DANIEL_PHONE, "don't", 'stop', 'the', 'coffee']);
    const customer = await storedCustomer(DANIEL_PHONE);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Starling ignores the reply');
    expect(customer?.optedOut).toBeUndefined();
  });

  it('exits with 2 on an invalid phone', async () => {
    const result = await runCli(stack.paths.root, ['reply', '12345', 'STOP']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid phone number "12345"');
  });

  it('exits with 2 without text', async () => {
    const result = await runCli(stack.paths.root, ['reply', MAYA_PHONE]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('reply needs the text of the SMS');
  });
});
