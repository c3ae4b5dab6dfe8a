import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { safeReturnTo } from './admin-auth.ts';
import { readCookie } from './session-cookie.ts';

/**
 * The data the browser stores between the redirect to the hosted UI and the callback: the OAuth
 * `state`, the PKCE code verifier, and the admin page to return to, in a short-lived cookie of its own.
 * SameSite=Lax lets the browser send it on the callback, which is a cross-site navigation from the
 * hosted UI. The `__Host-` prefix keeps other hosts, such as other APIs under execute-api, from setting it.
 */
export interface SignInState {
  state: string;
  codeVerifier: string;
  returnTo: string;
}

export const SIGN_IN_COOKIE = '__Host-starling_admin_sign_in';

/** Seconds from the redirect to the hosted UI until the callback rejects the sign-in: time to type a password and an MFA code. */
export const SIGN_IN_MAX_AGE_SECONDS = 600;

/**
 * Starts a sign-in: a random `state` and PKCE code verifier (32 random bytes each, so 43 base64url
 * characters, the minimum length RFC 7636 allows for a verifier), with the S256 challenge for it.
 */
export function newSignInState(returnTo: string): SignInState & { codeChallenge: string } {
  const codeVerifier = randomBytes(32).toString('base64url');

  return {
    state: randomBytes(32).toString('base64url'),
    codeVerifier,
    codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    returnTo,
  };
}

export function signInCookie(value: SignInState): string {
  const encoded = Buffer.from(JSON.stringify({ state: value.state, codeVerifier: value.codeVerifier, returnTo: value.returnTo })).toString('base64url');
  return `${SIGN_IN_COOKIE}=${encoded}; Path=/; Max-Age=${SIGN_IN_MAX_AGE_SECONDS}; HttpOnly; Secure; SameSite=Lax`;
}

export function clearedSignInCookie(): string {
  return `${SIGN_IN_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`;
}

/** Reads the sign-in cookie; undefined when it is missing, expired or damaged. */
export function readSignInState(event: APIGatewayProxyEventV2, publicUrl: string): SignInState | undefined {
  const cookie = readCookie(event, SIGN_IN_COOKIE);
  if (!cookie) {
    return undefined;
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }

  if (typeof parsed !== 'object' || parsed === null) {
    return undefined;
  }

  const { state, codeVerifier, returnTo } = parsed as Record<string, unknown>;
  if (typeof state !== 'string' || typeof codeVerifier !== 'string' || !/^[A-Za-z0-9_-]{43,128}$/.test(codeVerifier)) {
    return undefined;
  }

  return { state, codeVerifier, returnTo: safeReturnTo(returnTo, publicUrl) };
}

/** Compares the `state` the hosted UI sent back with the one in the sign-in cookie, in constant time. */
export function isSameState(expected: string, returned: unknown): boolean {
  if (typeof returned !== 'string') {
    return false;
  }

  const returnedBytes = Buffer.from(returned);
  const expectedBytes = Buffer.from(expected);
  return returnedBytes.length === expectedBytes.length && timingSafeEqual(returnedBytes, expectedBytes);
}
