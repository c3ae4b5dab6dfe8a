import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/local/outbox-entry.ts';
import { runCli } from '../helpers/cli.ts';
import type { TestStack } from '../helpers/local-stack.ts';
import { startTestStack } from '../helpers/local-stack.ts';

const FIXTURE = 'test/fixtures/customers-shopify.csv';
/** Customers in the fixture with SMS consent and a valid phone. */
const INVITED_PHONES = ['+14155550132', '+15105550148', '+15125550171', '+4930901820', '+447400123456', '+61491570156', '+13035550199'];

describe('review flow on the local stack', () => {
  let stack: TestStack;
  let smsLinks: string[];

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('imports the Shopify export with the CLI', async () => {
    const result = await runCli(stack.paths.root, ['import', FIXTURE]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported 9 new, updated 0, unchanged 0, rejected 1.');
    expect(result.stdout).toMatch(/line 9: invalid phone number "12345"/);
  });

  it('updates instead of duplicating on re-import', async () => {
    const result = await runCli(stack.paths.root, ['import', FIXTURE]);

    expect(result.stdout).toContain('Imported 0 new, updated 0, unchanged 9, rejected 1.');
  });

  it('sends one SMS per eligible customer', async () => {
    const result = await runCli(stack.paths.root, ['invite']);
    const sms = (await stack.outbox()).filter((entry) => entry.kind === 'sms');
    smsLinks = sms.map((entry) => entry.link ?? '');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/completed in [\d.]+ s: 7 sent, 0 reminders, 0 failed; skipped: 1 no SMS consent, 1 no phone\./);
    expect(sms.map((entry) => entry.to).sort()).toEqual([...INVITED_PHONES].sort());
    expect(sms.every((entry) => entry.body.includes('Harbor Coffee') && entry.body.endsWith('Reply STOP to opt out.'))).toBe(true);
    expect(smsLinks.every((link) => link.startsWith(`${stack.url}/review?token=`))).toBe(true);
  });

  it('serves the review form for a link', async () => {
    const response = await fetch(smsLinks[0] ?? '');
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('Please give your review');
    expect(html.match(/type="radio"[^>]*name="rating"|name="rating"[^>]*type="radio"/g)).toHaveLength(5);
  });

  it('stores a form-encoded review and notifies the admins', async () => {
    const token = new URL(smsLinks[0] ?? '').searchParams.get('token') ?? '';

    const response = await postForm({ token, rating: '4', text: 'Great flat white.\r\nFriendly staff.' });
    const html = await response.text();
    const notifications = await reviewNotifications();
    const reviews = await runCli(stack.paths.root, ['reviews']);

    expect(response.status).toBe(200);
    expect(html).toContain('Thank you for your review');
    expect(reviews.stdout).toMatch(/★★★★☆\s+new\s+[0-9a-f]{32}/);
    expect(reviews.stdout).toContain('Great flat white.\n  Friendly staff.');
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.body).toMatch(new RegExp(`${escapeRegExp(stack.url)}/admin/reviews/[0-9a-f]{32}`));
    expect(notifications[0]?.body).toContain('(4/5)');
  });

  it('stores nothing new for a second post', async () => {
    const token = new URL(smsLinks[0] ?? '').searchParams.get('token') ?? '';

    const different = await postForm({ token, rating: '1', text: 'Changed my mind' });
    const repeated = await postForm({ token, rating: '4', text: 'Great flat white.\r\nFriendly staff.' });
    const reviews = await runCli(stack.paths.root, ['reviews']);
    const notifications = await reviewNotifications();

    expect(different.status).toBe(409);
    expect(repeated.status).toBe(200);
    expect(reviews.stdout.match(/★/g)).toHaveLength(4);
    expect(notifications).toHaveLength(1);
  });

  it('answers an already used link with 409', async () => {
    const response = await fetch(smsLinks[0] ?? '');

    expect(response.status).toBe(409);
    expect(await response.text()).toContain('already left a review');
  });

  it('accepts JSON and answers 201', async () => {
    const token = new URL(smsLinks[1] ?? '').searchParams.get('token') ?? '';

    const response = await fetch(`${stack.url}/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token, rating: 5, text: 'Lovely' }),
    });
    const body = (await response.json()) as { reviewId?: string; status?: string };

    expect(response.status).toBe(201);
    expect(body.reviewId).toMatch(/^[0-9a-f]{32}$/);
    expect(body.status).toBe('new');
  });

  it.each([
    ['no token', '', 400],
    ['a forged token', '?token=' + 'A'.repeat(50), 401],
    ['a malformed token', '?token=not-a-token', 401],
  ])('rejects a link with %s', async (_case, query, status) => {
    const response = await fetch(`${stack.url}/review${query}`);

    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('text/html');
  });

  it('tells the admins the run summary', async () => {
    const summaries = (await stack.outbox()).filter((entry) => entry.kind === 'notification' && entry.body.startsWith('Invitation run'));

    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.body).toContain('7 sent');
  });

  async function reviewNotifications(): Promise<OutboxEntry[]> {
    return (await stack.outbox()).filter((entry) => entry.kind === 'notification' && entry.body.includes('/admin/reviews/'));
  }

  function postForm(fields: Record<string, string>): Promise<Response> {
    return fetch(`${stack.url}/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
