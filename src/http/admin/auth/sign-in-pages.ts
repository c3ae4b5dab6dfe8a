import { StarlingError } from '../../../core/errors.ts';
import { renderErrorPage } from '../../pages/error-page.ts';
import { compileFragment } from '../../pages/layout.ts';
import type { HttpResponse } from '../../responses.ts';
import { htmlResponse } from '../../responses.ts';

/** The responses of the Cognito sign-in routes: redirects, the page after sign-in, and error pages without internals. */

const START_AGAIN = 'Open the admin dashboard again to sign in.';

/** A sign-in step that failed in a way the admin can understand; the status and words go on the error page. */
export class SignInFailedError extends StarlingError {
  constructor(
    readonly status: 400 | 403 | 502,
    readonly title: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function redirect(statusCode: 302 | 303, location: string, cookies: string[]): HttpResponse {
  return { statusCode, headers: { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }, cookies, body: '' };
}

export function failurePage(error: SignInFailedError): HttpResponse {
  return htmlResponse(error.status, renderErrorPage({ title: error.title, message: error.reason, hint: error.status === 403 ? undefined : START_AGAIN }));
}

export function methodNotAllowed(allow: string): HttpResponse {
  const response = htmlResponse(405, renderErrorPage({ title: 'Method not allowed', message: `This address accepts ${allow} only.` }));
  response.headers.Allow = allow;
  return response;
}

// A page of its own rather than the site layout, because the refresh belongs in <head>. Eta escapes
// `target` for the attributes.
const renderMovingOnPage = compileFragment<{ target: string; title: string; message: string; linkText: string }>(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=<%= it.target %>">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.title %></title>
</head>
<body>
<p><%= it.message %> <a href="<%= it.target %>"><%= it.linkText %></a>.</p>
</body>
</html>
`);

/** Renders the page after sign-in, which moves on to `target`, a checked `/admin` path. */
export function renderContinuePage(view: { target: string }) {
  return renderMovingOnPage({ target: view.target, title: 'Signed in', message: 'You are signed in.', linkText: 'Continue to the admin dashboard' });
}

/**
 * Renders the page after signing out, which moves on to Cognito's logout address. A redirect would
 * not do: the sign-out is a form post, and the pages' `form-action 'self'` stops a post that
 * redirects to another site, while a refresh is an ordinary navigation.
 */
export function renderSignedOutPage(view: { logoutUrl: string }) {
  return renderMovingOnPage({ target: view.logoutUrl, title: 'Signed out', message: 'You are signed out of the dashboard.', linkText: 'Also sign out of the sign-in page' });
}
