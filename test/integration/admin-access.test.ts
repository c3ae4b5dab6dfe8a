import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review } from '../../src/core/reviews.ts';
import { createStores } from '../../src/functions/shared/runtime.ts';
import { csrfTokenFor } from '../../src/http/admin/auth/session-cookie.ts';
import { ADMIN_COOKIE, basicAuth, signInAsAdmin, submitReviewJson } from '../helpers/admin-http.ts';
import type { TestStack } from '../helpers/local-stack.ts';
import { startTestStack } from '../helpers/local-stack.ts';
import { seedInvitation } from '../helpers/seed.ts';

const COOKIE = ADMIN_COOKIE;
const REVIEW_TEXT = 'Quiet corner table, oat flat white.';
const CUSTOMER_NAME = 'Rosa Delgado';
/** A stack frame as Node prints one, e.g. `at routeAdminRequest (/src/http/admin/router.ts:52:9)`. */
const STACK_FRAME = /\bat .+\.[cm]?[jt]s:\d+/;

/** What the cases need from the running stack; filled in by `beforeAll`. */
interface AccessContext {
  reviewId: string;
  password: string;
  sessionKey: Buffer;
  /** A real session cookie value, from signing in with the right password. */
  session: string;
}

interface AdminRouteCase {
  name: string;
  area: 'page' | 'api';
  method: 'GET' | 'POST';
  path: (context: AccessContext) => string;
  /** The `returnTo` that a rejected page request must carry. A POST returns to the dashboard. */
  returnTo?: (context: AccessContext) => string;
}

const ROUTES: AdminRouteCase[] = [
  { name: 'dashboard', area: 'page', method: 'GET', path: () => '/admin', returnTo: () => '/admin' },
  { name: 'dashboard with filters', area: 'page', method: 'GET', path: () => '/admin?status=new&rating=4,5', returnTo: () => '/admin?status=new&rating=4,5' },
  { name: 'review page', area: 'page', method: 'GET', path: (c) => `/admin/reviews/${c.reviewId}`, returnTo: (c) => `/admin/reviews/${c.reviewId}` },
  { name: 'moderation form post', area: 'page', method: 'POST', path: (c) => `/admin/reviews/${c.reviewId}/moderate`, returnTo: () => '/admin' },
  { name: 'CSV download', area: 'page', method: 'GET', path: () => '/admin/export.csv', returnTo: () => '/admin/export.csv' },
  { name: 'CSV download of one status', area: 'page', method: 'GET', path: () => '/admin/export.csv?status=new', returnTo: () => '/admin/export.csv?status=new' },
  { name: 'unknown page', area: 'page', method: 'GET', path: () => '/admin/nope', returnTo: () => '/admin/nope' },
  { name: 'dashboard with a trailing slash', area: 'page', method: 'GET', path: () => '/admin/', returnTo: () => '/admin' },
  { name: 'review page with a trailing slash', area: 'page', method: 'GET', path: (c) => `/admin/reviews/${c.reviewId}/`, returnTo: (c) => `/admin/reviews/${c.reviewId}` },
  { name: 'API review list', area: 'api', method: 'GET', path: () => '/admin/api/reviews' },
  { name: 'API review', area: 'api', method: 'GET', path: (c) => `/admin/api/reviews/${c.reviewId}` },
  { name: 'API approve', area: 'api', method: 'POST', path: (c) => `/admin/api/reviews/${c.reviewId}/approve` },
  { name: 'API reject', area: 'api', method: 'POST', path: (c) => `/admin/api/reviews/${c.reviewId}/reject` },
  { name: 'API stats', area: 'api', method: 'GET', path: () => '/admin/api/stats' },
  { name: 'API export', area: 'api', method: 'GET', path: () => '/admin/api/export' },
  { name: 'unknown API route', area: 'api', method: 'GET', path: () => '/admin/api/nope' },
  { name: 'unknown API post', area: 'api', method: 'POST', path: () => '/admin/api/nope' },
  { name: 'API review list with a trailing slash', area: 'api', method: 'GET', path: () => '/admin/api/reviews/' },
];

interface CredentialCase {
  name: string;
  /** The Authorization header, if any. */
  authorization?: (context: AccessContext) => string;
  /** The session cookie value, if any. */
  cookie?: (context: AccessContext) => string;
}

const CREDENTIALS: CredentialCase[] = [
  { name: 'no credentials' },
  { name: 'a wrong Basic password', authorization: () => basicAuth('admin', 'not-the-password') },
  { name: 'Basic with the wrong user', authorization: (c) => basicAuth('root', c.password) },
  { name: 'Basic with an empty password', authorization: () => basicAuth('admin', '') },
  { name: 'a Bearer token', authorization: () => `Bearer ${randomBytes(24).toString('base64url')}` },
  { name: 'the password as a Bearer token', authorization: (c) => `Bearer ${c.password}` },
  { name: 'a session flipped in its signature', cookie: (c) => flipCharacter(c.session, c.session.indexOf('.') + 5) },
  { name: 'a session flipped in its payload', cookie: (c) => flipCharacter(c.session, 3) },
  { name: 'a payload signed with another key', cookie: () => signSession(randomBytes(32), { u: 'admin', exp: Date.now() + 3_600_000 }) },
  { name: 'an expired session', cookie: (c) => signSession(c.sessionKey, { u: 'admin', exp: Date.now() - 60_000 }) },
  { name: 'a session for another user', cookie: (c) => signSession(c.sessionKey, { u: 'root', exp: Date.now() + 3_600_000 }) },
  { name: 'a session without a signature', cookie: (c) => c.session.split('.')[0] ?? '' },
];

const MATRIX = ROUTES.flatMap((route) => CREDENTIALS.map((credential) => [`${route.method} ${route.name}`, credential.name, route, credential] as const));

describe('admin access on the local stack', () => {
  let stack: TestStack;
  let context: AccessContext;

  beforeAll(async () => {
    stack = await startTestStack();
    const seeded = await seedInvitation(stack, { name: CUSTOMER_NAME, firstName: 'Rosa' });
    const reviewId = await submitReviewJson(stack.url, seeded.token, 5, REVIEW_TEXT);
    const password = (await readFile(stack.paths.adminPassword, 'utf8')).trim();
    const sessionKey = Buffer.from((await readFile(stack.paths.adminSessionKey, 'utf8')).trim(), 'base64url');

    context = { reviewId, password, sessionKey, session: await signInAsAdmin(stack.url, password) };
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('accepts the real session and password', async () => {
    const page = await fetch(`${stack.url}/admin/reviews/${context.reviewId}`, { headers: { cookie: `${COOKIE}=${context.session}` }, redirect: 'manual' });
    const api = await fetch(`${stack.url}/admin/api/reviews/${context.reviewId}`, { headers: { authorization: basicAuth('admin', context.password) } });

    expect(page.status).toBe(200);
    expect(await page.text()).toContain(REVIEW_TEXT);
    expect(api.status).toBe(200);
  });

  it.each(MATRIX)('rejects %s with %s', async (_route, _credential, route, credential) => {
    const response = await sendWith(route, credential);
    const body = await response.text();

    if (route.area === 'page') {
      const location = new URL(response.headers.get('location') ?? '', stack.url);
      expect(response.status).toBe(303);
      expect(location.origin).toBe(stack.url);
      expect(location.pathname).toBe('/admin/login');
      expect(location.searchParams.get('returnTo')).toBe(route.returnTo?.(context));
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(body).toBe('');
    } else {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(response.headers.get('www-authenticate')).toBeTruthy();
      expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe('unauthorized');
    }

    expect(body).not.toContain(REVIEW_TEXT);
    expect(body).not.toContain(CUSTOMER_NAME);
    expect(body).not.toContain(context.reviewId);
    expect(body).not.toMatch(STACK_FRAME);
    await expectUnmoderated(context.reviewId);
  });

  describe('sign-out', () => {
    it('sends an anonymous sign-out to the login page', async () => {
      const response = await postForm('/admin/logout', {});
      const cookies = response.headers.getSetCookie();

      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/admin/login?signedOut=1');
      expect(cookies.every((cookie) => cookie.startsWith(`${COOKIE}=;`) && cookie.includes('Max-Age=0'))).toBe(true);
      expect(await response.text()).toBe('');
    });

    it('keeps the session when the sign-out has no CSRF token', async () => {
      const response = await postForm('/admin/logout', {}, { cookie: `${COOKIE}=${context.session}` });

      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/admin');
      expect(response.headers.getSetCookie()).toEqual([]);
    });

    it('clears the cookie of a real sign-out', async () => {
      const session = await signInAsAdmin(stack.url, context.password);

      const response = await postForm('/admin/logout', { csrf: csrfTokenFor(session) }, { cookie: `${COOKIE}=${session}` });
      const cookies = response.headers.getSetCookie();

      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/admin/login?signedOut=1');
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatch(new RegExp(`^${COOKIE}=;.*Max-Age=0`));
    });
  });

  describe('CSRF on a signed-in moderation post', () => {
    let reviewId: string;
    let session: string;
    let csrf: string;

    beforeAll(async () => {
      const seeded = await seedInvitation(stack, { name: 'Tomas Berg', firstName: 'Tomas' });
      reviewId = await submitReviewJson(stack.url, seeded.token, 2, 'Cold pastry.');
      session = await signInAsAdmin(stack.url, context.password);
      csrf = await readCsrfToken(`/admin/reviews/${reviewId}`, session);
    });

    /** Returns the token a case posts: none, a wrong one, another session's, or the right one. */
    async function csrfTokenOfKind(kind: 'none' | 'wrong' | 'other-session' | 'right'): Promise<string | undefined> {
      if (kind === 'none') {
        return undefined;
      }

      if (kind === 'wrong') {
        return 'A'.repeat(43);
      }

      if (kind === 'other-session') {
        return csrfTokenFor(await signInAsAdmin(stack.url, context.password));
      }

      return csrf;
    }

    it('embeds the session token in the review page', () => {
      expect(csrf).toBe(csrfTokenFor(session));
    });

    it.each([
      ['no token', 'none', {}],
      ['a wrong token', 'wrong', {}],
      ['the token of another session', 'other-session', {}],
      ['Sec-Fetch-Site cross-site', 'right', { 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site same-site', 'right', { 'sec-fetch-site': 'same-site' }],
      ['an Origin of another site', 'right', { origin: 'http://evil.example' }],
    ] as const)('rejects a post with %s', async (_case, tokenKind, headers: Record<string, string>) => {
      const token = await csrfTokenOfKind(tokenKind);

      const response = await postForm(`/admin/reviews/${reviewId}/moderate`, { decision: 'approve', expectedStatus: 'new', reason: 'Looks fine', ...(token ? { csrf: token } : {}) }, { cookie: `${COOKIE}=${session}`, ...headers });
      const body = await response.text();

      expect(response.status).toBe(403);
      expect(body).not.toMatch(STACK_FRAME);
      await expectUnmoderated(reviewId);
    });

    it.each([
      ['no X-CSRF-Token', undefined],
      ['a wrong X-CSRF-Token', 'B'.repeat(43)],
    ])('rejects a cookie API post with %s', async (_case, token) => {
      const response = await fetch(`${stack.url}/admin/api/reviews/${reviewId}/reject`, {
        method: 'POST',
        headers: { cookie: `${COOKIE}=${session}`, ...(token ? { 'x-csrf-token': token } : {}) },
      });
      const body = (await response.json()) as { error: { code: string } };

      expect(response.status).toBe(403);
      expect(body.error.code).toBe('csrf_token_invalid');
      await expectUnmoderated(reviewId);
    });

    // The cookie authenticates these posts, so an Authorization header that authenticates nothing
    // must not exempt them from the CSRF token. Each has its own review, so the others stay valid if one passes.
    it('rejects a cookie form post with an unused Authorization header', async () => {
      const seeded = await seedInvitation(stack, { name: 'Lena Fischer', firstName: 'Lena' });
      const otherId = await submitReviewJson(stack.url, seeded.token, 3, 'Slow service.');

      const response = await postForm(`/admin/reviews/${otherId}/moderate`, { decision: 'approve', expectedStatus: 'new' }, { cookie: `${COOKIE}=${session}`, authorization: 'Bearer unrelated' });

      expect(response.status).toBe(403);
      await expectUnmoderated(otherId);
    });

    it('rejects a cookie API post with an unused Authorization header', async () => {
      const seeded = await seedInvitation(stack, { name: 'Omar Haddad', firstName: 'Omar' });
      const otherId = await submitReviewJson(stack.url, seeded.token, 3, 'Too loud.');

      const response = await fetch(`${stack.url}/admin/api/reviews/${otherId}/approve`, { method: 'POST', headers: { cookie: `${COOKIE}=${session}`, authorization: 'Bearer unrelated' } });

      expect(response.status).toBeGreaterThanOrEqual(401);
      expect(response.status).toBeLessThanOrEqual(403);
      await expectUnmoderated(otherId);
    });

    it('rejects a token that fits a second session cookie', async () => {
      const seeded = await seedInvitation(stack, { name: 'Yuki Sato', firstName: 'Yuki' });
      const otherId = await submitReviewJson(stack.url, seeded.token, 1, 'Never again.');
      const planted = 'planted-value';

      const response = await postForm(
        `/admin/reviews/${otherId}/moderate`,
        { decision: 'reject', expectedStatus: 'new', csrf: csrfTokenFor(planted) },
        { cookie: `${COOKIE}=${session}; __Host-${COOKIE}=${planted}` },
      );

      expect(response.status).toBe(403);
      await expectUnmoderated(otherId);
    });

    it('rejects a Basic post from another origin', async () => {
      const response = await fetch(`${stack.url}/admin/api/reviews/${reviewId}/approve`, {
        method: 'POST',
        headers: { authorization: basicAuth('admin', context.password), origin: 'http://evil.example' },
      });
      const body = (await response.json()) as { error: { code: string } };

      expect(response.status).toBe(403);
      expect(body.error.code).toBe('cross_site_request');
      await expectUnmoderated(reviewId);
    });

    it('applies the post with the right token', async () => {
      const response = await postForm(
        `/admin/reviews/${reviewId}/moderate`,
        { csrf, decision: 'reject', expectedStatus: 'new', reason: 'Not about us' },
        { cookie: `${COOKIE}=${session}`, origin: stack.url, 'sec-fetch-site': 'same-origin' },
      );
      const stored = await readReview(reviewId);

      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/admin/reviews/${reviewId}?done=rejected`);
      expect(stored.status).toBe('rejected');
      expect(stored.history).toEqual([{ status: 'rejected', by: 'admin', reason: 'Not about us', at: stored.moderatedAt }]);
    });

    it('applies a cookie API post with the right X-CSRF-Token', async () => {
      const seeded = await seedInvitation(stack, { name: 'Ines Kaur', firstName: 'Ines' });
      const otherId = await submitReviewJson(stack.url, seeded.token, 4, 'Nice scones.');

      const response = await fetch(`${stack.url}/admin/api/reviews/${otherId}/approve`, { method: 'POST', headers: { cookie: `${COOKIE}=${session}`, 'x-csrf-token': csrf } });

      expect(response.status).toBe(200);
      expect((await readReview(otherId)).status).toBe('approved');
    });
  });

  describe('sign-in', () => {
    it.each([
      ['a wrong password', 'admin', 'not-the-password'],
      ['a wrong user name', 'root', 'right'],
      ['an empty password', 'admin', ''],
    ])('answers %s with 401 and no cookie', async (_case, username, password) => {
      const response = await postForm('/admin/login', { username, password: password === 'right' ? context.password : password, returnTo: '/admin' });
      const body = await response.text();

      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(body).toContain('That user name and password do not match');
      expect(body).not.toContain(context.password);
      expect(body).not.toMatch(STACK_FRAME);
    });

    it('sets a strict HttpOnly cookie for the right password', async () => {
      const response = await postForm('/admin/login', { username: 'admin', password: context.password, returnTo: `/admin/reviews/${context.reviewId}` });
      const cookies = response.headers.getSetCookie();
      const attributes = (cookies[0] ?? '').split(';').map((part) => part.trim());

      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/admin/reviews/${context.reviewId}`);
      expect(cookies).toHaveLength(1);
      expect(attributes[0]).toMatch(new RegExp(`^${COOKIE}=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
      expect(attributes).toContain('HttpOnly');
      expect(attributes).toContain('SameSite=Strict');
      expect(attributes).toContain('Path=/');
      expect(attributes.map((attribute) => attribute.toLowerCase())).not.toContain('secure');
    });

    it.each(['//evil.example', 'https://evil.example', '/\\evil.example', '//evil.example/admin', '/admin@evil.example', 'javascript:alert(1)'])(
      'sends a sign-in with returnTo %s to /admin',
      async (returnTo) => {
        const response = await postForm('/admin/login', { username: 'admin', password: context.password, returnTo });

        expect(response.status).toBe(303);
        expect(response.headers.get('location')).toBe('/admin');
      },
    );

    it('keeps a hostile returnTo out of the login form', async () => {
      const response = await fetch(`${stack.url}/admin/login?returnTo=${encodeURIComponent('//evil.example')}`);
      const body = await response.text();

      expect(response.status).toBe(200);
      expect(body).toContain('name="returnTo" value="/admin"');
      expect(body).not.toContain('evil.example');
    });

    it('rejects a sign-in posted from another site', async () => {
      const response = await postForm('/admin/login', { username: 'admin', password: context.password, returnTo: '/admin' }, { origin: 'http://evil.example' });

      expect(response.status).toBe(403);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await response.text()).not.toMatch(STACK_FRAME);
    });
  });

  /** Sends one matrix case: the route's method and path with the case's credential and, for a post, a CSRF token that fits the cookie. */
  function sendWith(route: AdminRouteCase, credential: CredentialCase): Promise<Response> {
    const cookie = credential.cookie?.(context);
    const headers: Record<string, string> = {};
    if (credential.authorization) {
      headers.authorization = credential.authorization(context);
    }

    if (cookie !== undefined) {
      headers.cookie = `${COOKIE}=${cookie}`;
    }

    // A forged cookie comes with the token derived from it, so only the authentication can stop the post.
    if (route.method === 'POST' && route.area === 'page') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const fields = { decision: 'approve', expectedStatus: 'new', ...(cookie ? { csrf: csrfTokenFor(cookie) } : {}) };
      return fetch(`${stack.url}${route.path(context)}`, { method: 'POST', headers, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
    }

    if (route.method === 'POST' && cookie) {
      headers['x-csrf-token'] = csrfTokenFor(cookie);
    }

    return fetch(`${stack.url}${route.path(context)}`, { method: route.method, headers, redirect: 'manual' });
  }

  function postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${stack.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
  }

  async function readCsrfToken(path: string, session: string): Promise<string> {
    const response = await fetch(`${stack.url}${path}`, { headers: { cookie: `${COOKIE}=${session}` } });
    const token = /name="csrf" value="([^"]+)"/.exec(await response.text())?.[1];
    if (response.status !== 200 || !token) {
      throw new Error(`${path} returned ${response.status} without a CSRF token`);
    }

    return token;
  }
});

/** Builds a session cookie value in the local format: `base64url(JSON).base64url(HMAC-SHA256(key, payload))`. */
function signSession(key: Buffer, session: { u: string; exp: number }): string {
  const payload = Buffer.from(JSON.stringify(session), 'utf8').toString('base64url');
  return `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
}

/** Replaces the character at `index` with a different base64url character. */
function flipCharacter(value: string, index: number): string {
  const replacement = value[index] === 'A' ? 'B' : 'A';
  return `${value.slice(0, index)}${replacement}${value.slice(index + 1)}`;
}

/** Checks that a refused request left the review as the customer sent it. */
async function expectUnmoderated(reviewId: string): Promise<void> {
  const stored = await readReview(reviewId);

  expect(stored.status).toBe('new');
  expect(stored.history).toBeUndefined();
  expect(stored.moderatedBy).toBeUndefined();
}

async function readReview(reviewId: string): Promise<Review> {
  const review = await createStores(process.env).reviews.get(reviewId);
  if (!review) {
    throw new Error(`review ${reviewId} is not stored`);
  }

  return review;
}
