import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Review } from '../../src/core/reviews.ts';
import type { AdminDeps } from '../../src/http/admin/admin-deps.ts';
import { safeReturnTo } from '../../src/http/admin/auth/admin-auth.ts';
import { createLocalAuth } from '../../src/http/admin/auth/local-auth.ts';
import { csrfTokenFor } from '../../src/http/admin/auth/session-cookie.ts';
import { routeAdminRequest } from '../../src/http/admin/router.ts';
import type { HttpResponse } from '../../src/http/responses.ts';
import { buildHttpApiEvent } from '../../src/local/http-api-event.ts';
import { FakeClock, InMemoryCustomerStore, InMemoryInvitationStore, InMemoryReviewStore, RecordingLogger } from '../helpers/fakes.ts';

const PASSWORD = 'abcde-fghij-kmnpq-rstuv';
const SESSION_KEY = Buffer.alloc(32, 7);
const NOW = new Date('2026-12-04T12:00:00.000Z');
const REVIEW: Review = { reviewId: 'c'.repeat(32), invitationId: 'i-1', customerId: 'c-1', rating: 4, text: 'Fine', status: 'new', createdAt: '2026-12-01T10:00:00.000Z' };

function setUp() {
  const reviews = new InMemoryReviewStore();
  reviews.reviews.set(REVIEW.reviewId, structuredClone(REVIEW));
  const clock = new FakeClock(NOW);
  const deps: AdminDeps = {
    reviews,
    customers: new InMemoryCustomerStore(),
    invitations: new InMemoryInvitationStore(),
    clock,
    logger: new RecordingLogger(),
    auth: createLocalAuth({ credentials: async () => ({ username: 'admin', password: PASSWORD, sessionKey: SESSION_KEY }), secure: false, businessName: 'Shop', passwordFile: '/data/secrets/admin-password', now: () => clock.now() }),
    businessName: 'Shop',
    timeZone: 'UTC',
  };
  return { deps, reviews, clock };
}

function request(deps: AdminDeps, method: string, url: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<HttpResponse> {
  const headers = { host: '127.0.0.1:3000', ...options.headers };
  return routeAdminRequest(buildHttpApiEvent({ method, url, headers, body: Buffer.from(options.body ?? ''), sourceIp: '127.0.0.1' }, 'ANY /admin/{proxy+}'), deps);
}

async function signIn(deps: AdminDeps): Promise<string> {
  const response = await request(deps, 'POST', '/admin/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `username=admin&password=${PASSWORD}&returnTo=%2Fadmin` });
  const cookie = response.cookies?.[0] ?? '';
  return cookie.split(';')[0] ?? '';
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe('admin router without a session', () => {
  it.each(['/admin', '/admin/reviews/' + 'c'.repeat(32), '/admin/export.csv', '/admin/unknown', '/admin/'])('sends GET %s to the login page with the way back', async (path) => {
    const { deps } = setUp();

    const response = await request(deps, 'GET', `${path}?status=new`);

    expect(response.statusCode).toBe(303);
    expect(response.headers.Location).toBe(`/admin/login?returnTo=${encodeURIComponent(`${path.replace(/\/$/, '')}?status=new`)}`);
  });

  it.each(['/admin/api/reviews', '/admin/api/stats', '/admin/api/nothing-here'])('answers GET %s with 401 and no data', async (path) => {
    const { deps } = setUp();

    const response = await request(deps, 'GET', path);

    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body as string)).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('sign in') } });
    expect(response.headers['WWW-Authenticate']).toContain('Bearer');
  });

  it.each([
    ['a wrong password', basic('admin', 'guess')],
    ['a wrong user', basic('root', PASSWORD)],
    ['a bearer token', { authorization: 'Bearer abc' }],
    ['a forged cookie', { cookie: `starling_admin=${Buffer.from('{"u":"admin","exp":9999999999999}').toString('base64url')}.forged` }],
  ])('refuses an API moderation with %s and changes nothing', async (_case, headers) => {
    const { deps, reviews } = setUp();

    const response = await request(deps, 'POST', `/admin/api/reviews/${REVIEW.reviewId}/approve`, { headers });

    expect(response.statusCode).toBe(401);
    expect(reviews.reviews.get(REVIEW.reviewId)?.status).toBe('new');
  });

  it('refuses a session signed with the right key once it has expired', async () => {
    const { deps, clock } = setUp();
    const cookie = await signIn(deps);
    clock.advance(12 * 60 * 60 * 1000 + 1);

    const response = await request(deps, 'GET', '/admin', { headers: { cookie } });

    expect(response.statusCode).toBe(303);
  });

  it('refuses a session whose payload was changed, even with a fresh expiry', async () => {
    const { deps } = setUp();
    const cookie = await signIn(deps);
    const signature = cookie.split('.')[1];
    const payload = Buffer.from(JSON.stringify({ u: 'admin', exp: NOW.getTime() + 10 ** 9 })).toString('base64url');

    const response = await request(deps, 'GET', '/admin', { headers: { cookie: `starling_admin=${payload}.${signature}` } });

    expect(response.statusCode).toBe(303);
    expect(createHmac('sha256', SESSION_KEY).update(payload).digest('base64url')).not.toBe(signature);
  });
});

describe('admin router with a session', () => {
  it('signs in, shows the dashboard and keeps the cookie HttpOnly and SameSite=Strict', async () => {
    const { deps } = setUp();
    const login = await request(deps, 'POST', '/admin/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `username=admin&password=${PASSWORD}&returnTo=%2F%2Fevil.example` });

    expect(login.statusCode).toBe(303);
    expect(login.headers.Location).toBe('/admin');
    expect(login.cookies?.[0]).toMatch(/^starling_admin=[^;]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);

    const page = await request(deps, 'GET', '/admin', { headers: { cookie: login.cookies?.[0]?.split(';')[0] ?? '' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Signed in as admin');
  });

  it('answers a wrong password with 401 and no cookie', async () => {
    const { deps } = setUp();

    const response = await request(deps, 'POST', '/admin/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=admin&password=nope' });

    expect(response.statusCode).toBe(401);
    expect(response.cookies).toBeUndefined();
    expect(response.body).toContain('do not match');
  });

  it('moderates from the form only with the session’s CSRF token', async () => {
    const { deps, reviews } = setUp();
    const cookie = await signIn(deps);
    const form = (csrf: string) => ({ headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `decision=approved&expectedStatus=new&csrf=${csrf}` });

    const refused = await request(deps, 'POST', `/admin/reviews/${REVIEW.reviewId}/moderate`, form('wrong'));
    expect(refused.statusCode).toBe(403);
    expect(reviews.reviews.get(REVIEW.reviewId)?.status).toBe('new');

    const accepted = await request(deps, 'POST', `/admin/reviews/${REVIEW.reviewId}/moderate`, form(csrfTokenFor(cookie.split('=').slice(1).join('='))));
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.Location).toBe(`/admin/reviews/${REVIEW.reviewId}?done=approved`);
    expect(reviews.reviews.get(REVIEW.reviewId)).toMatchObject({ status: 'approved', moderatedBy: 'admin' });
  });

  it('refuses a post a browser marks as cross-site, even with the token', async () => {
    const { deps } = setUp();
    const cookie = await signIn(deps);
    const csrf = csrfTokenFor(cookie.split('=').slice(1).join('='));

    const response = await request(deps, 'POST', `/admin/reviews/${REVIEW.reviewId}/moderate`, {
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: `decision=approved&expectedStatus=new&csrf=${csrf}`,
    });

    expect(response.statusCode).toBe(403);
  });

  it('API accepts Basic credentials without CSRF', async () => {
    const { deps } = setUp();
    const headers = basic('admin', PASSWORD);

    const approved = await request(deps, 'POST', `/admin/api/reviews/${REVIEW.reviewId}/approve`, { headers });
    const again = await request(deps, 'POST', `/admin/api/reviews/${REVIEW.reviewId}/approve`, { headers });
    const missing = await request(deps, 'GET', `/admin/api/reviews/${'d'.repeat(32)}`, { headers });
    const wrongMethod = await request(deps, 'DELETE', `/admin/api/reviews/${REVIEW.reviewId}`, { headers });

    expect(approved.statusCode).toBe(200);
    expect(JSON.parse(approved.body as string).review).not.toHaveProperty('invitationId');
    expect([again.statusCode, JSON.parse(again.body as string).error.code]).toEqual([409, 'moderation_conflict']);
    expect([missing.statusCode, JSON.parse(missing.body as string).error.code]).toEqual([404, 'review_not_found']);
    expect([wrongMethod.statusCode, JSON.parse(wrongMethod.body as string).error.code]).toEqual([405, 'method_not_allowed']);
  });

  it('shows the dashboard unfiltered after a bad filter', async () => {
    const { deps } = setUp();
    const cookie = await signIn(deps);

    const response = await request(deps, 'GET', '/admin?from=2026-12-06&to=2026-12-01&rating=5', { headers: { cookie } });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('role="alert">To (2026-12-01) must not be before from (2026-12-06). The list below is not filtered.');
    expect(response.body).toContain('value="2026-12-06"');
    expect(response.body).toContain(REVIEW.text);
  });

  it('leads the form address back to the review', async () => {
    const { deps } = setUp();
    const cookie = await signIn(deps);

    const response = await request(deps, 'GET', `/admin/reviews/${REVIEW.reviewId}/moderate`, { headers: { cookie } });

    expect(response.statusCode).toBe(303);
    expect(response.headers.Location).toBe(`/admin/reviews/${REVIEW.reviewId}`);
  });

  it('keeps the page size in the next page link', async () => {
    const { deps, reviews } = setUp();
    reviews.reviews.set('e'.repeat(32), { ...REVIEW, reviewId: 'e'.repeat(32), createdAt: '2026-12-02T10:00:00.000Z' });
    const cookie = await signIn(deps);

    const response = await request(deps, 'GET', '/admin?limit=1', { headers: { cookie } });

    expect(response.body).toMatch(/href="\/admin\?limit=1&amp;cursor=[^"]+" rel="next"/);
  });

  it('names the allowed methods on a 405', async () => {
    const { deps } = setUp();

    const response = await request(deps, 'PUT', '/admin/api/stats', { headers: basic('admin', PASSWORD) });

    expect(response.statusCode).toBe(405);
    expect(response.headers.Allow).toBe('GET');
  });

  it('signs out only with the CSRF token', async () => {
    const { deps } = setUp();
    const cookie = await signIn(deps);

    const forged = await request(deps, 'POST', '/admin/logout', { headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=x' });
    const real = await request(deps, 'POST', '/admin/logout', { headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${csrfTokenFor(cookie.split('=').slice(1).join('='))}` });

    expect(forged.cookies).toBeUndefined();
    expect(real.cookies?.[0]).toContain('Max-Age=0');
  });
});

describe('safeReturnTo', () => {
  it.each([
    ['/admin/reviews/abc?x=1', '/admin/reviews/abc?x=1'],
    ['/admin', '/admin'],
    ['//evil.example/admin', '/admin'],
    ['https://evil.example/admin', '/admin'],
    ['/administrator', '/admin'],
    ['/admin\\@evil', '/admin'],
    [undefined, '/admin'],
  ])('keeps %s as %s', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });
});
