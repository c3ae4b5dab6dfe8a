import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpResponse } from '../../responses.ts';

/** The admin behind a request; `username` is what moderation records as "by". */
export interface AdminPrincipal {
  username: string;
  /**
   * The session cookie value that authenticated the request; absent when a header did. A post
   * authenticated by a cookie must carry the CSRF token derived from exactly this value.
   */
  session?: string;
}

/**
 * The identity check of the admin pages and API. Locally it is a password and a signed cookie. On AWS
 * it is Cognito, whose JWT authorizer checks API requests before the function runs.
 */
export interface AdminAuth {
  /** The admin behind a page request, from the session cookie, or undefined. */
  pageUser(event: APIGatewayProxyEventV2): Promise<AdminPrincipal | undefined>;
  /** The admin behind an API request, or undefined. */
  apiUser(event: APIGatewayProxyEventV2): Promise<AdminPrincipal | undefined>;
  /**
   * Handles the sign-in routes this kind of access owns (`/admin/login`, `/admin/logout`,
   * `/admin/auth/callback`); returns undefined for any other path.
   */
  handleSignIn(event: APIGatewayProxyEventV2, path: string): Promise<HttpResponse | undefined>;
  /** Returns the login URL for a page request without a session. `returnTo` is the admin path it requested. */
  loginLocation(returnTo: string): string;
}

/** The admin page a sign-in without a valid `returnTo` returns to. */
export const DEFAULT_RETURN_TO = '/admin';

/** Paths that would start another sign-in or sign-out, so a sign-in never returns to them. */
const SIGN_IN_PATHS = new Set(['/admin/login', '/admin/logout', '/admin/auth/callback']);

const MAX_RETURN_TO_LENGTH = 1024;

/**
 * Returns `value` as a path and query on this site under `/admin`, or `/admin` when it is anything
 * else. Without this check a crafted login link could send a freshly signed-in admin to another site.
 */
export function safeReturnTo(value: unknown, publicUrl = 'http://localhost'): string {
  if (typeof value !== 'string' || value.length > MAX_RETURN_TO_LENGTH || !value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) {
    return DEFAULT_RETURN_TO;
  }

  let url: URL;
  try {
    url = new URL(value, publicUrl);
  } catch {
    return DEFAULT_RETURN_TO;
  }

  const underAdmin = url.pathname === '/admin' || url.pathname.startsWith('/admin/');
  if (url.origin !== new URL(publicUrl).origin || !underAdmin || SIGN_IN_PATHS.has(url.pathname)) {
    return DEFAULT_RETURN_TO;
  }

  return `${url.pathname}${url.search}`;
}
