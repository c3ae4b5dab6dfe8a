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

/**
 * Keeps a post-login destination on the admin pages of this site: `/admin` or a path under it,
 * never `//host` or a full URL, which would turn the login page into an open redirect.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !/^\/admin(?:[/?#]|$)/.test(value) || value.includes('\\') || /[\u0000-\u001f]/.test(value)) {
    return '/admin';
  }

  return value;
}
