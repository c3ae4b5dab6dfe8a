import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Logger } from '../../../core/ports.ts';
import { parseBodyFields } from '../../request.ts';
import type { HttpResponse } from '../../responses.ts';
import { htmlResponse } from '../../responses.ts';
import { htmlSecurityHeaders } from '../../security-headers.ts';
import { safeReturnTo } from './admin-auth.ts';
import type { CognitoSettings, IdTokenVerifier } from './cognito-auth.ts';
import { clearedSessionCookie, isValidCsrfToken, readCookie, sessionCookie, sessionCookieName } from './session-cookie.ts';
import { failurePage, methodNotAllowed, redirect, renderContinuePage, renderSignedOutPage, SignInFailedError } from './sign-in-pages.ts';
import { clearedSignInCookie, isSameState, newSignInState, readSignInState, signInCookie } from './sign-in-state.ts';

/** Everything the sign-in routes use, built once per cold start by `createCognitoAuth`. */
export interface SignInContext {
  settings: CognitoSettings;
  verifier: IdTokenVerifier;
  fetch: typeof fetch;
  logger: Logger;
  now: () => Date;
}

/** A limit on the token request, so that the admin gets an error page rather than API Gateway's 30-second timeout. */
const TOKEN_REQUEST_TIMEOUT_MS = 5000;

/** Handles `/admin/login`, `/admin/auth/callback` and `/admin/logout`, and returns undefined for other paths. */
export async function handleCognitoSignIn(context: SignInContext, event: APIGatewayProxyEventV2, path: string): Promise<HttpResponse | undefined> {
  const method = event.requestContext.http.method.toUpperCase();

  switch (path) {
    case '/admin/login':
      return method === 'GET' || method === 'POST' ? startSignIn(context, event, method) : methodNotAllowed('GET, POST');
    case '/admin/auth/callback':
      return method === 'GET' ? finishSignIn(context, event) : methodNotAllowed('GET');
    case '/admin/logout':
      return method === 'POST' ? signOut(context, event) : methodNotAllowed('POST');
    default:
      return undefined;
  }
}

/** Sends the browser to the hosted UI with a PKCE challenge and a `state`, keeping their secrets in the sign-in cookie. */
function startSignIn(context: SignInContext, event: APIGatewayProxyEventV2, method: string): HttpResponse {
  const { settings } = context;
  const signIn = newSignInState(safeReturnTo(event.queryStringParameters?.returnTo, settings.publicUrl));

  const authorize = new URL(`${settings.domain}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: callbackUrl(settings),
    scope: 'openid email profile',
    state: signIn.state,
    code_challenge: signIn.codeChallenge,
    code_challenge_method: 'S256',
  }).toString();

  // 303 turns a POST into a GET, which is what the hosted UI expects.
  return redirect(method === 'POST' ? 303 : 302, authorize.toString(), [signInCookie(signIn)]);
}

/**
 * Completes the sign-in: checks `state`, exchanges the code with the PKCE verifier, verifies the ID
 * token and stores it in the session cookie. It returns a page that continues to the admin page
 * rather than a redirect. A redirect here is still part of the cross-site navigation that
 * started at the hosted UI, so the browser would not send the new SameSite=Strict cookie with it.
 */
async function finishSignIn(context: SignInContext, event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  try {
    const query = event.queryStringParameters ?? {};
    if (query.error) {
      throw new SignInFailedError(400, 'Sign-in did not complete', `The sign-in page returned the error "${query.error.slice(0, 64)}".`);
    }

    const stored = readSignInState(event, context.settings.publicUrl);
    if (!stored) {
      throw new SignInFailedError(400, 'This sign-in has expired', 'The sign-in started more than 10 minutes ago, in another browser, or with cookies blocked.');
    }

    if (!isSameState(stored.state, query.state)) {
      throw new SignInFailedError(400, 'This sign-in could not be checked', 'The response from the sign-in page does not belong to the sign-in that this browser started.');
    }

    if (!query.code) {
      throw new SignInFailedError(400, 'Sign-in did not complete', 'The response from the sign-in page has no authorization code.');
    }

    const idToken = await exchangeCode(context, query.code, stored.codeVerifier);
    const { maxAgeSeconds, subject } = await verifyIdToken(context, idToken);
    context.logger.info('admin signed in', { sub: subject });

    return {
      statusCode: 200,
      headers: htmlSecurityHeaders(),
      cookies: [sessionCookie(idToken, { secure: true, maxAgeSeconds }), clearedSignInCookie()],
      body: renderContinuePage({ target: stored.returnTo }),
    };
  } catch (error) {
    if (!(error instanceof SignInFailedError)) {
      throw error;
    }

    context.logger.warn('admin sign-in failed', { status: error.status, reason: error.reason });
    return { ...failurePage(error), cookies: [clearedSignInCookie()] };
  }
}

/** Exchanges the authorization code at the token endpoint and returns the ID token. */
async function exchangeCode(context: SignInContext, code: string, codeVerifier: string): Promise<string> {
  const { settings } = context;
  let response: Response;
  try {
    response = await context.fetch(`${settings.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: settings.clientId, code, redirect_uri: callbackUrl(settings), code_verifier: codeVerifier }).toString(),
      signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    context.logger.error('Cognito token request failed', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    throw new SignInFailedError(502, 'Sign-in is not available right now', 'The sign-in service did not respond.');
  }

  const body: unknown = await response.json().catch(() => undefined);
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (!response.ok) {
    context.logger.warn('Cognito rejected the authorization code', { status: response.status, error: typeof fields.error === 'string' ? fields.error : undefined });
    if (response.status >= 500) {
      throw new SignInFailedError(502, 'Sign-in is not available right now', 'The sign-in service returned an error.');
    }

    throw new SignInFailedError(400, 'This sign-in could not be completed', 'The sign-in code was rejected because it was already used or has expired.');
  }

  if (typeof fields.id_token !== 'string') {
    throw new SignInFailedError(502, 'Sign-in is not available right now', 'The sign-in service returned no ID token.');
  }

  return fields.id_token;
}

/** Verifies the new ID token and returns its subject and the seconds until it expires, which the session cookie lasts. */
async function verifyIdToken(context: SignInContext, idToken: string): Promise<{ maxAgeSeconds: number; subject: unknown }> {
  let claims: Record<string, unknown>;
  try {
    claims = await context.verifier.verify(idToken);
  } catch (error) {
    context.logger.warn('ID token from the token endpoint rejected', { reason: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown' });
    throw new SignInFailedError(400, 'This sign-in could not be completed', 'The sign-in service returned a token that is not valid for this site.');
  }

  const seconds = typeof claims.exp === 'number' ? Math.floor(claims.exp - context.now().getTime() / 1000) : 0;
  if (seconds <= 0) {
    throw new SignInFailedError(400, 'This sign-in could not be completed', 'The sign-in service returned a token that has already expired.');
  }

  return { maxAgeSeconds: seconds, subject: claims.sub };
}

/**
 * Clears the session and ends the hosted UI's own session too, so that the next sign-in requires the
 * password again. A form field `csrf` must match the session cookie, so another site cannot sign an admin out.
 */
function signOut(context: SignInContext, event: APIGatewayProxyEventV2): HttpResponse {
  const { settings } = context;
  const session = readCookie(event, sessionCookieName(true));
  if (session && !isValidCsrfToken(session, csrfField(event))) {
    context.logger.warn('admin sign-out rejected: invalid CSRF token');
    return failurePage(new SignInFailedError(403, 'Sign-out was not confirmed', 'The sign-out form was out of date or came from another page. Reload the dashboard and sign out again.'));
  }

  const logout = new URL(`${settings.domain}/logout`);
  logout.search = new URLSearchParams({ client_id: settings.clientId, logout_uri: `${settings.publicUrl}/admin/login` }).toString();
  return { ...htmlResponse(200, renderSignedOutPage({ logoutUrl: logout.toString() })), cookies: [clearedSessionCookie(true)] };
}

function csrfField(event: APIGatewayProxyEventV2): unknown {
  try {
    return parseBodyFields(event).csrf;
  } catch {
    return undefined;
  }
}

function callbackUrl(settings: CognitoSettings): string {
  return `${settings.publicUrl}/admin/auth/callback`;
}
