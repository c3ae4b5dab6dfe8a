import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Logger } from '../../../core/ports.ts';
import { rejectCrossSiteRequest } from '../../cross-site.ts';
import { parseBodyFields } from '../../request.ts';
import type { HttpResponse } from '../../responses.ts';
import { renderLoginPage } from '../pages/login-page.ts';
import type { AdminPrincipal } from './admin-auth.ts';
import { safeReturnTo } from './admin-auth.ts';
import type { LocalAdminCredentials } from './local-auth.ts';
import { LOCAL_SESSION_HOURS, equalSecrets } from './local-auth.ts';
import { clearedSessionCookie, isValidCsrfToken, readCookie, sessionCookie, sessionCookieName } from './session-cookie.ts';

interface SignInContext {
  credentials: () => Promise<LocalAdminCredentials>;
  secure: boolean;
  businessName: string;
  passwordFile: string;
  logger?: Pick<Logger, 'warn'>;
  sessions: { issue: (username: string) => Promise<string>; verify: (value: string) => Promise<AdminPrincipal | undefined> };
}


/** Handles the local login form, its post, and logout. Only a password the admin typed starts a session. */
export async function localSignIn(event: APIGatewayProxyEventV2, path: string, context: SignInContext): Promise<HttpResponse | undefined> {
  const method = event.requestContext.http.method;
  const businessName = context.businessName;
  const passwordHint = `The password was generated on first start. Read it from the data folder: cat ${context.passwordFile}`;

  if (path === '/admin/login' && method === 'GET') {
    const returnTo = safeReturnTo(event.queryStringParameters?.returnTo);
    const notice = event.queryStringParameters?.signedOut === '1' ? 'You are signed out.' : undefined;
    return renderLoginPage(200, { businessName, returnTo, passwordHint, ...(notice ? { notice } : {}) });
  }

  if (path === '/admin/login' && method === 'POST') {
    rejectCrossSiteRequest(event);
    const fields = parseBodyFields(event);
    const returnTo = safeReturnTo(fields.returnTo);
    const username = typeof fields.username === 'string' ? fields.username.trim() : '';
    const password = typeof fields.password === 'string' ? fields.password : '';
    const credentials = await context.credentials();

    // Both comparisons always run, so a wrong name takes as long to reject as a wrong password.
    const nameMatches = equalSecrets(username, credentials.username);
    const passwordMatches = equalSecrets(password, credentials.password);
    if (!nameMatches || !passwordMatches) {
      context.logger?.warn('admin sign-in failed', { reason: nameMatches ? 'wrong password' : 'unknown user name' });
      return renderLoginPage(401, { businessName, returnTo, username, error: 'That user name and password do not match. Check the password file and try again.', passwordHint });
    }

    const session = await context.sessions.issue(credentials.username);
    return seeOther(returnTo, [sessionCookie(session, { secure: context.secure, maxAgeSeconds: LOCAL_SESSION_HOURS * 3600 })]);
  }

  if (path === '/admin/logout' && method === 'POST') {
    rejectCrossSiteRequest(event);
    const session = readCookie(event, sessionCookieName(context.secure)) ?? '';
    const fields = parseBodyFields(event);
    // Without a valid token a page elsewhere could sign the admin out; then the cookie stays.
    if (session && !isValidCsrfToken(session, fields.csrf)) {
      return seeOther('/admin');
    }

    return seeOther('/admin/login?signedOut=1', [clearedSessionCookie(context.secure)]);
  }

  return undefined;
}

export function seeOther(location: string, cookies?: string[]): HttpResponse {
  return { statusCode: 303, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '', ...(cookies ? { cookies } : {}) };
}
