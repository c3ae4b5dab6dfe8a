import { createHash, createSign, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { CognitoSettings } from '../../src/http/admin/auth/cognito-auth.ts';
import { createCognitoAuth, createIdTokenVerifier, readCognitoSettings } from '../../src/http/admin/auth/cognito-auth.ts';
import { csrfTokenFor, sessionCookieName } from '../../src/http/admin/auth/session-cookie.ts';
import { safeReturnTo } from '../../src/http/admin/auth/admin-auth.ts';
import { SIGN_IN_COOKIE } from '../../src/http/admin/auth/sign-in-state.ts';
import type { HttpResponse } from '../../src/http/responses.ts';
import { buildHttpApiEvent } from '../../src/local/http-api-event.ts';

const settings: CognitoSettings = {
  userPoolId: 'us-east-1_TestPool1',
  clientId: 'admin-client-1',
  domain: 'https://starling-test.auth.us-east-1.amazoncognito.com',
  publicUrl: 'https://rv.example.com',
};
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1';
const SESSION_COOKIE = sessionCookieName(true);

// The pool's signing key, made here so that no test reaches Cognito's JWKS endpoint.
const KEY_ID = 'test-key-1';
const poolKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const strangerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicJwk = poolKeys.publicKey.export({ format: 'jwk' });
const jwks = { keys: [{ kty: 'RSA', n: String(publicJwk.n), e: String(publicJwk.e), kid: KEY_ID, alg: 'RS256', use: 'sig' }] };

const nowSeconds = () => Math.floor(Date.now() / 1000);

function idTokenClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: '0f3a9c1e-admin',
    iss: ISSUER,
    aud: settings.clientId,
    token_use: 'id',
    email: 'owner@example.com',
    'cognito:username': '0f3a9c1e-admin',
    auth_time: nowSeconds(),
    iat: nowSeconds(),
    exp: nowSeconds() + 8 * 3600,
    ...overrides,
  };
}

function signJwt(claims: Record<string, unknown>, key: KeyObject = poolKeys.privateKey): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** Creates the auth under test, with the pool's JWKS cached and a token endpoint the test controls. */
function createAuth(tokenEndpoint: typeof fetch = vi.fn<typeof fetch>(async () => new Response('unexpected call', { status: 500 }))) {
  const verifier = createIdTokenVerifier(settings);
  verifier.cacheJwks(jwks);
  return createCognitoAuth(settings, { verifier, fetch: tokenEndpoint });
}

function request(method: string, url: string, options: { cookies?: string[]; form?: string } = {}): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = { host: 'rv.example.com' };
  if (options.cookies) {
    headers.cookie = options.cookies.join('; ');
  }

  if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }

  return buildHttpApiEvent({ method, url, headers, body: Buffer.from(options.form ?? ''), sourceIp: '203.0.113.7' }, `${method} ${new URL(url, 'https://rv.example.com').pathname}`);
}

async function signIn(auth: ReturnType<typeof createAuth>, url: string, method = 'GET'): Promise<HttpResponse> {
  const response = await auth.handleSignIn(request(method, url), new URL(url, 'https://rv.example.com').pathname);
  if (!response) {
    throw new Error(`handleSignIn returned nothing for ${method} ${url}`);
  }

  return response;
}

/** Starts a sign-in and returns the cookie pair and `state` that the callback needs. */
async function startedSignIn(auth: ReturnType<typeof createAuth>, returnTo = '/admin/reviews/r-1') {
  const response = await signIn(auth, `/admin/login?returnTo=${encodeURIComponent(returnTo)}`);
  const location = new URL(response.headers.Location ?? '');
  const cookie = (response.cookies ?? [])[0]!.split(';')[0]!;
  return { location, cookie, state: location.searchParams.get('state') ?? '' };
}

function cookieNamed(response: HttpResponse, name: string): string | undefined {
  return (response.cookies ?? []).find((cookie) => cookie.startsWith(`${name}=`));
}

function tokenResponse(idToken: string): Response {
  return Response.json({ id_token: idToken, access_token: 'access', refresh_token: 'refresh', token_type: 'Bearer', expires_in: 28800 });
}

describe('pageUser', () => {
  const pageRequest = (token: string) => request('GET', '/admin', { cookies: [`${SESSION_COOKIE}=${token}`] });

  it('returns the admin for a valid ID token cookie', async () => {
    const token = signJwt(idTokenClaims());
    const user = await createAuth().pageUser(pageRequest(token));

    expect(user).toEqual({ username: 'owner@example.com', session: token });
  });

  it('falls back to cognito:username without email', async () => {
    const token = signJwt(idTokenClaims({ email: undefined }));
    const user = await createAuth().pageUser(pageRequest(token));

    expect(user).toEqual({ username: '0f3a9c1e-admin', session: token });
  });

  it('returns undefined without a cookie', async () => {
    expect(await createAuth().pageUser(request('GET', '/admin'))).toBeUndefined();
  });

  it.each([
    ['an expired token', signJwt(idTokenClaims({ iat: nowSeconds() - 9 * 3600, exp: nowSeconds() - 3600 }))],
    ['another app client', signJwt(idTokenClaims({ aud: 'other-client' }))],
    ['another user pool', signJwt(idTokenClaims({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_OtherPool' }))],
    ['a signature by another key', signJwt(idTokenClaims(), strangerKeys.privateKey)],
    ['an access token', signJwt(idTokenClaims({ token_use: 'access', aud: undefined, client_id: settings.clientId }))],
    ['a damaged token', 'not.a.jwt'],
  ])('rejects %s', async (_case, token) => {
    expect(await createAuth().pageUser(pageRequest(token))).toBeUndefined();
  });
});

describe('apiUser', () => {
  function withClaims(claims: Record<string, unknown> | undefined): APIGatewayProxyEventV2 {
    const event = request('GET', '/admin/api/reviews');
    return claims ? { ...event, requestContext: { ...event.requestContext, authorizer: { jwt: { claims, scopes: null } } } } as APIGatewayProxyEventV2 : event;
  }

  it('names the admin by the email claim', async () => {
    expect(await createAuth().apiUser(withClaims({ sub: 's-1', email: 'owner@example.com', username: 'u-1' }))).toEqual({ username: 'owner@example.com' });
  });

  it('uses username, then cognito:username, then sub', async () => {
    const auth = createAuth();

    expect(await auth.apiUser(withClaims({ sub: 's-1', username: 'u-1', 'cognito:username': 'c-1' }))).toEqual({ username: 'u-1' });
    expect(await auth.apiUser(withClaims({ sub: 's-1', 'cognito:username': 'c-1' }))).toEqual({ username: 'c-1' });
    expect(await auth.apiUser(withClaims({ sub: 's-1' }))).toEqual({ username: 's-1' });
  });

  it('returns undefined when no authorizer ran', async () => {
    expect(await createAuth().apiUser(withClaims(undefined))).toBeUndefined();
  });

  it('ignores a bearer token that no authorizer checked', async () => {
    const event = request('GET', '/admin/api/reviews');
    event.headers.authorization = `Bearer ${signJwt(idTokenClaims())}`;

    expect(await createAuth().apiUser(event)).toBeUndefined();
  });
});

describe('sign-in', () => {
  it('sends the login page to the hosted UI with PKCE and state', async () => {
    const response = await signIn(createAuth(), '/admin/login?returnTo=%2Fadmin%2Freviews%2Fr-1');
    const location = new URL(response.headers.Location ?? '');

    expect(response.statusCode).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(`${settings.domain}/oauth2/authorize`);
    expect(location.searchParams.get('response_type')).toBe('code');
    expect(location.searchParams.get('client_id')).toBe(settings.clientId);
    expect(location.searchParams.get('redirect_uri')).toBe('https://rv.example.com/admin/auth/callback');
    expect(location.searchParams.get('scope')).toBe('openid email profile');
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('keeps the verifier and state in a Lax sign-in cookie', async () => {
    const response = await signIn(createAuth(), '/admin/login?returnTo=%2Fadmin%2Freviews%2Fr-1');
    const cookie = cookieNamed(response, SIGN_IN_COOKIE) ?? '';
    const stored = JSON.parse(Buffer.from(cookie.split(';')[0]!.split('=')[1]!, 'base64url').toString('utf8'));
    const location = new URL(response.headers.Location ?? '');

    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Max-Age=600');
    expect(stored.state).toBe(location.searchParams.get('state'));
    expect(createHash('sha256').update(stored.codeVerifier).digest('base64url')).toBe(location.searchParams.get('code_challenge'));
    expect(stored.returnTo).toBe('/admin/reviews/r-1');
  });

  it('starts a new challenge on every sign-in', async () => {
    const auth = createAuth();
    const first = await startedSignIn(auth);
    const second = await startedSignIn(auth);

    expect(first.state).not.toBe(second.state);
    expect(first.location.searchParams.get('code_challenge')).not.toBe(second.location.searchParams.get('code_challenge'));
  });

  it('builds the login location with returnTo', () => {
    expect(createAuth().loginLocation('/admin/reviews/r-1?tab=history')).toBe('/admin/login?returnTo=%2Fadmin%2Freviews%2Fr-1%3Ftab%3Dhistory');
  });

  it('leaves other paths to the caller', async () => {
    expect(await createAuth().handleSignIn(request('GET', '/admin/reviews/r-1'), '/admin/reviews/r-1')).toBeUndefined();
  });

  it('rejects a GET sign-out', async () => {
    const response = await signIn(createAuth(), '/admin/logout');

    expect(response.statusCode).toBe(405);
    expect(response.headers.Allow).toBe('POST');
  });
});

describe('returnTo', () => {
  it.each([
    ['https://evil.example/admin', '/admin'],
    ['//evil.example/admin', '/admin'],
    ['/\\evil.example', '/admin'],
    ['/review?token=abc', '/admin'],
    ['/administrator', '/admin'],
    ['/admin/login', '/admin'],
    ['/admin/../review', '/admin'],
    ['/admin/reviews/r-1?tab=history', '/admin/reviews/r-1?tab=history'],
    ['/admin', '/admin'],
  ])('turns %j into %j', (value, expected) => {
    expect(safeReturnTo(value, settings.publicUrl)).toBe(expected);
  });

  it('ignores a returnTo on another site', async () => {
    const { cookie } = await startedSignIn(createAuth(), 'https://evil.example/admin');
    const stored = JSON.parse(Buffer.from(cookie.split('=')[1]!, 'base64url').toString('utf8'));

    expect(stored.returnTo).toBe('/admin');
  });
});

describe('sign-in callback', () => {
  it('sets the session cookie and continues', async () => {
    const idToken = signJwt(idTokenClaims());
    const tokenEndpoint = vi.fn<typeof fetch>(async () => tokenResponse(idToken));
    const auth = createAuth(tokenEndpoint);
    const { cookie, state } = await startedSignIn(auth);

    const response = await auth.handleSignIn(request('GET', `/admin/auth/callback?code=code-1&state=${state}`, { cookies: [cookie] }), '/admin/auth/callback');

    expect(response?.statusCode).toBe(200);
    const session = cookieNamed(response!, SESSION_COOKIE) ?? '';
    expect(session.startsWith(`${SESSION_COOKIE}=${idToken};`)).toBe(true);
    expect(session).toContain('HttpOnly');
    expect(session).toContain('Secure');
    expect(session).toContain('SameSite=Strict');
    expect(Number(/Max-Age=(\d+)/.exec(session)?.[1])).toBeGreaterThan(7 * 3600);
    expect(cookieNamed(response!, SIGN_IN_COOKIE)).toContain('Max-Age=0');
    expect(response?.body).toContain('<meta http-equiv="refresh" content="0; url=/admin/reviews/r-1">');
    expect(response?.body).toContain('href="/admin/reviews/r-1"');
  });

  it('exchanges the code with the PKCE verifier', async () => {
    const tokenEndpoint = vi.fn<typeof fetch>(async () => tokenResponse(signJwt(idTokenClaims())));
    const auth = createAuth(tokenEndpoint);
    const { cookie, state, location } = await startedSignIn(auth);

    await auth.handleSignIn(request('GET', `/admin/auth/callback?code=code-1&state=${state}`, { cookies: [cookie] }), '/admin/auth/callback');

    const [url, init] = tokenEndpoint.mock.calls[0]!;
    const form = new URLSearchParams(String(init?.body));
    const stored = JSON.parse(Buffer.from(cookie.split('=')[1]!, 'base64url').toString('utf8'));
    expect(url).toBe(`${settings.domain}/oauth2/token`);
    expect(init?.method).toBe('POST');
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'authorization_code',
      client_id: settings.clientId,
      code: 'code-1',
      redirect_uri: 'https://rv.example.com/admin/auth/callback',
      code_verifier: stored.codeVerifier,
    });
    expect(createHash('sha256').update(stored.codeVerifier).digest('base64url')).toBe(location.searchParams.get('code_challenge'));
  });

  it('rejects a wrong state with 400', async () => {
    const tokenEndpoint = vi.fn<typeof fetch>(async () => tokenResponse(signJwt(idTokenClaims())));
    const auth = createAuth(tokenEndpoint);
    const { cookie } = await startedSignIn(auth);

    const response = await auth.handleSignIn(request('GET', '/admin/auth/callback?code=code-1&state=forged', { cookies: [cookie] }), '/admin/auth/callback');

    expect(response?.statusCode).toBe(400);
    expect(response?.body).toContain('This sign-in could not be checked');
    expect(tokenEndpoint).not.toHaveBeenCalled();
    expect(cookieNamed(response!, SESSION_COOKIE)).toBeUndefined();
  });

  it('rejects a callback without the sign-in cookie', async () => {
    const response = await createAuth().handleSignIn(request('GET', '/admin/auth/callback?code=code-1&state=s'), '/admin/auth/callback');

    expect(response?.statusCode).toBe(400);
    expect(response?.body).toContain('This sign-in has expired');
  });

  it('shows a rejected code as 400', async () => {
    const tokenEndpoint = vi.fn<typeof fetch>(async () => Response.json({ error: 'invalid_grant' }, { status: 400 }));
    const auth = createAuth(tokenEndpoint);
    const { cookie, state } = await startedSignIn(auth);

    const response = await auth.handleSignIn(request('GET', `/admin/auth/callback?code=used&state=${state}`, { cookies: [cookie] }), '/admin/auth/callback');

    expect(response?.statusCode).toBe(400);
    expect(response?.headers['Content-Type']).toContain('text/html');
    expect(response?.body).toContain('The sign-in code was rejected');
    expect(response?.body).not.toContain(' at ');
  });

  it('rejects an ID token for another app client', async () => {
    const tokenEndpoint = vi.fn<typeof fetch>(async () => tokenResponse(signJwt(idTokenClaims({ aud: 'other-client' }))));
    const auth = createAuth(tokenEndpoint);
    const { cookie, state } = await startedSignIn(auth);

    const response = await auth.handleSignIn(request('GET', `/admin/auth/callback?code=code-1&state=${state}`, { cookies: [cookie] }), '/admin/auth/callback');

    expect(response?.statusCode).toBe(400);
    expect(cookieNamed(response!, SESSION_COOKIE)).toBeUndefined();
  });

  it('returns 502 for an unreachable token endpoint', async () => {
    const tokenEndpoint = vi.fn<typeof fetch>(async () => {
      throw new TypeError('fetch failed');
    });
    const auth = createAuth(tokenEndpoint);
    const { cookie, state } = await startedSignIn(auth);

    const response = await auth.handleSignIn(request('GET', `/admin/auth/callback?code=code-1&state=${state}`, { cookies: [cookie] }), '/admin/auth/callback');

    expect(response?.statusCode).toBe(502);
    expect(response?.body).toContain('Sign-in is not available right now');
  });

  it('reports an error the hosted UI returned', async () => {
    const response = await createAuth().handleSignIn(request('GET', '/admin/auth/callback?error=access_denied&state=s'), '/admin/auth/callback');

    expect(response?.statusCode).toBe(400);
    expect(response?.body).toContain('access_denied');
  });
});

describe('sign-out', () => {
  const session = signJwt(idTokenClaims());

  it('clears the session and ends the hosted UI session', async () => {
    const event = request('POST', '/admin/logout', { cookies: [`${SESSION_COOKIE}=${session}`], form: `csrf=${csrfTokenFor(session)}` });

    const response = await createAuth().handleSignIn(event, '/admin/logout');
    const refresh = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(String(response?.body))?.[1] ?? '';
    const location = new URL(refresh.replaceAll('&amp;', '&'));

    // A page that moves on, not a redirect: the sign-out form's CSP (form-action 'self') would stop a redirect to another site.
    expect(response?.statusCode).toBe(200);
    expect(response?.headers.Location).toBeUndefined();
    expect(`${location.origin}${location.pathname}`).toBe(`${settings.domain}/logout`);
    expect(location.searchParams.get('client_id')).toBe(settings.clientId);
    expect(location.searchParams.get('logout_uri')).toBe('https://rv.example.com/admin/login');
    expect(cookieNamed(response!, SESSION_COOKIE)).toContain('Max-Age=0');
  });

  it('rejects a sign-out without the CSRF token', async () => {
    const event = request('POST', '/admin/logout', { cookies: [`${SESSION_COOKIE}=${session}`], form: 'csrf=guess' });

    const response = await createAuth().handleSignIn(event, '/admin/logout');

    expect(response?.statusCode).toBe(403);
    expect(cookieNamed(response!, SESSION_COOKIE)).toBeUndefined();
  });
});

describe('readCognitoSettings', () => {
  const env = {
    STARLING_COGNITO_USER_POOL_ID: settings.userPoolId,
    STARLING_COGNITO_CLIENT_ID: settings.clientId,
    STARLING_COGNITO_DOMAIN: `${settings.domain}/`,
    STARLING_PUBLIC_URL: 'https://rv.example.com/',
  };

  it('reads the variables without trailing slashes', () => {
    expect(readCognitoSettings(env)).toEqual(settings);
  });

  it('names a missing variable', () => {
    expect(() => readCognitoSettings({ ...env, STARLING_COGNITO_CLIENT_ID: '' })).toThrow('STARLING_COGNITO_CLIENT_ID');
  });

  it('rejects a domain that is not an https base URL', () => {
    expect(() => readCognitoSettings({ ...env, STARLING_COGNITO_DOMAIN: 'prefix.auth.us-east-1.amazoncognito.com' })).toThrow('STARLING_COGNITO_DOMAIN must be the hosted UI base URL');
  });
});
