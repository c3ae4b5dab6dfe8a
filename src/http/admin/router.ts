import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { rejectCrossSiteRequest } from '../cross-site.ts';
import { header } from '../request.ts';
import { MethodNotAllowedError, RequestError } from '../request-error.ts';
import type { HttpResponse } from '../responses.ts';
import { jsonResponse } from '../responses.ts';
import type { AdminDeps } from './admin-deps.ts';
import { adminErrorResponse } from './admin-errors.ts';
import { API_ROUTES } from './api-routes.ts';
import type { AdminPrincipal } from './auth/admin-auth.ts';
import { csrfTokenFor, isValidCsrfToken } from './auth/session-cookie.ts';
import { PAGE_ROUTES } from './page-routes.ts';

export type Area = 'page' | 'api';

export interface RouteContext {
  event: APIGatewayProxyEventV2;
  deps: AdminDeps;
  user: AdminPrincipal;
  /** The path's captured parts, such as a review id. */
  params: string[];
  /** The token the page's forms carry; empty when a header, not a cookie, authenticated the request. */
  csrf: string;
}

export interface AdminRoute {
  method: 'GET' | 'POST';
  pattern: RegExp;
  run: (context: RouteContext) => Promise<HttpResponse>;
}

/**
 * Handles every `/admin` request. Sign-in routes go to the access in use. Every other path, known
 * or not, requires a signed-in admin before anything else happens, so an anonymous caller learns
 * nothing, not even which paths exist. Posts must come from this site and, when a cookie is what
 * authenticates them, carry the session's CSRF token.
 */
export async function routeAdminRequest(event: APIGatewayProxyEventV2, deps: AdminDeps): Promise<HttpResponse> {
  const path = event.rawPath.replace(/\/+$/, '') || '/';
  const area: Area = path === '/admin/api' || path.startsWith('/admin/api/') ? 'api' : 'page';

  try {
    const signIn = area === 'page' ? await deps.auth.handleSignIn(event, path) : undefined;
    if (signIn) {
      return signIn;
    }

    const user = area === 'api' ? await deps.auth.apiUser(event) : await deps.auth.pageUser(event);
    if (!user) {
      return rejectAnonymous(event, area, path, deps);
    }

    const { route, params } = findRoute(area, event.requestContext.http.method, path);
    if (route.method === 'POST') {
      rejectCrossSiteRequest(event);
      checkCsrf(event, user.session);
    }

    return await route.run({ event, deps, user, params, csrf: user.session ? csrfTokenFor(user.session) : '' });
  } catch (error) {
    return adminErrorResponse(error, area, deps);
  }
}

function rejectAnonymous(event: APIGatewayProxyEventV2, area: Area, path: string, deps: AdminDeps): HttpResponse {
  const sentCredentials = header(event, 'authorization') !== undefined || (event.cookies ?? []).length > 0;
  deps.logger.info('admin request not signed in', { area, sentCredentials });

  if (area === 'api') {
    const message = header(event, 'authorization') !== undefined
      ? 'the credentials in the Authorization header are not valid; check the user name and password, or the token'
      : 'sign in first: send an Authorization header with your admin credentials';
    const response = jsonResponse(401, { error: { code: 'unauthorized', message } });
    response.headers['WWW-Authenticate'] = 'Bearer realm="starling-admin"';
    return response;
  }

  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const returnTo = event.requestContext.http.method === 'GET' ? `${path}${query}` : '/admin';
  return { statusCode: 303, headers: { Location: deps.auth.loginLocation(returnTo), 'Cache-Control': 'no-store' }, body: '' };
}

function findRoute(area: Area, method: string, path: string): { route: AdminRoute; params: string[] } {
  const routes = area === 'api' ? API_ROUTES : PAGE_ROUTES;
  const matching = routes.map((route) => ({ route, match: route.pattern.exec(path) })).filter((candidate) => candidate.match);
  if (matching.length === 0) {
    throw new RequestError(404, 'not_found', `no admin ${area === 'api' ? 'API route' : 'page'} at ${path.slice(0, 100)}`);
  }

  const found = matching.find((candidate) => candidate.route.method === method || (method === 'HEAD' && candidate.route.method === 'GET'));
  if (!found?.match) {
    const allowed = [...new Set(matching.map((candidate) => candidate.route.method))];
    throw new MethodNotAllowedError(allowed, `${method} is not allowed on ${path.slice(0, 100)}; use ${allowed.join(' or ')}`);
  }

  return { route: found.route, params: found.match.slice(1) };
}

/**
 * Checks the CSRF token of a post that a cookie authenticated, against that very cookie. A browser
 * sends cookies on its own, so such a post must prove it came from one of our pages.
 */
function checkCsrf(event: APIGatewayProxyEventV2, session: string | undefined): void {
  if (session === undefined) {
    return;
  }

  const submitted = header(event, 'x-csrf-token') ?? readFormCsrf(event);
  if (!isValidCsrfToken(session, submitted)) {
    throw new RequestError(403, 'csrf_token_invalid', 'the form is out of date or came from another page; reload the page and try again');
  }
}

function readFormCsrf(event: APIGatewayProxyEventV2): string | undefined {
  if (!(header(event, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return undefined;
  }

  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  return new URLSearchParams(body).get('csrf') ?? undefined;
}
