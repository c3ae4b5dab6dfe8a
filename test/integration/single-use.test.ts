import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewIdFor } from '../../src/core/reviews.ts';
import { signToken } from '../../src/core/tokens.ts';
import { createStores } from '../../src/functions/shared/runtime.ts';
import type { TestStack } from '../helpers/local-stack.ts';
import { startTestStack } from '../helpers/local-stack.ts';
import { countReviews, readKeyRing, seedInvitation } from '../helpers/seed.ts';

const OLD_KEY = { id: 1, secret: randomBytes(32).toString('base64') };
const NEW_KEY = { id: 2, secret: randomBytes(32).toString('base64') };

describe('single-use review links on the local stack', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ tokenKeys: { currentKeyId: NEW_KEY.id, keys: [OLD_KEY, NEW_KEY] } });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('stores one of 50 concurrent submissions', async () => {
    const { token } = await seedInvitation(stack);
    const reviewsBefore = await countReviews();

    const responses = await Promise.all(Array.from({ length: 50 }, (_, index) => postJson({ token, rating: (index % 5) + 1, text: `Attempt ${index}` })));
    const statuses = responses.map((response) => response.status);

    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    expect(await countReviews()).toBe(reviewsBefore + 1);
  });

  it('answers a repeated submission like the first', async () => {
    const { token } = await seedInvitation(stack);
    const review = { token, rating: 4, text: 'Same words twice' };

    const first = await postJson(review);
    const second = await postJson(review);

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
  });

  it('answers a browser double submit with the thank-you page', async () => {
    const { token } = await seedInvitation(stack);
    const form = new URLSearchParams({ token, rating: '5', text: 'Clicked twice' }).toString();

    const [first, second] = await Promise.all([postForm(form), postForm(form)]);

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(await second.text()).toContain('Thank you for your review');
  });

  it('keeps the link open after many GETs', async () => {
    const { token } = await seedInvitation(stack);

    const opens = await Promise.all(Array.from({ length: 5 }, () => fetch(`${stack.url}/review?token=${token}`)));
    const submitted = await postJson({ token, rating: 3, text: 'Opened by a link scanner first' });

    expect(opens.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(submitted.status).toBe(201);
  });

  it('accepts a link signed with the previous key', async () => {
    const { invitationId } = await seedInvitation(stack);
    const keyRing = await readKeyRing(stack);
    const previousKey = keyRing.verifyOnly.find((key) => key.id === OLD_KEY.id);
    const oldToken = signToken({ current: previousKey ?? keyRing.current, verifyOnly: [] }, invitationId, new Date(Date.now() + 60_000));

    const response = await fetch(`${stack.url}/review?token=${oldToken}`);

    expect(previousKey).toBeDefined();
    expect(Buffer.from(oldToken, 'base64url')[0]).toBe(OLD_KEY.id);
    expect(response.status).toBe(200);
  });

  it('signs new links with the current key', async () => {
    const result = await seedInvitation(stack);

    expect(Buffer.from(result.token, 'base64url')[0]).toBe(NEW_KEY.id);
  });

  it('accepts a 5,000-emoji review from a form', async () => {
    const { token } = await seedInvitation(stack);
    const text = '😀'.repeat(5000);

    const response = await postForm(new URLSearchParams({ token, rating: '5', text }).toString());

    expect(response.status).toBe(200);
  });

  it('ignores unknown fields', async () => {
    const { token, invitationId } = await seedInvitation(stack);

    const response = await postForm(new URLSearchParams({ token, rating: '2', text: 'Cold coffee', status: 'approved', reviewId: 'chosen', isAdmin: 'true' }).toString());
    const stored = await createStores(process.env).reviews.get(reviewIdFor(invitationId));

    expect(response.status).toBe(200);
    expect(stored?.status).toBe('new');
    expect(Object.keys(stored ?? {}).sort()).toEqual(['createdAt', 'customerId', 'invitationId', 'rating', 'reviewId', 'status', 'text']);
  });

  function postJson(body: unknown): Promise<Response> {
    return fetch(`${stack.url}/review`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  function postForm(body: string): Promise<Response> {
    return fetch(`${stack.url}/review`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  }
});
