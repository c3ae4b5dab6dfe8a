import { describeFailure } from '../error-responses.ts';
import type { HttpResponse } from '../responses.ts';
import { jsonResponse } from '../responses.ts';
import type { AdminDeps } from './admin-deps.ts';
import { MethodNotAllowedError } from '../request-error.ts';
import { renderAdminErrorPage } from './pages/admin-error-page.ts';
import { capitalize } from './pages/format.ts';

/** Words for the admin pages when the request itself was refused; the API gets the exact reason. */
const PAGE_TITLES: Record<number, string> = {
  400: 'That request could not be used',
  403: 'That form could not be accepted',
  404: 'Page not found',
  405: 'That action is not available here',
  413: 'That form is too large',
  415: 'That form could not be read',
};

/**
 * Builds the admin counterpart of `errorResponse`: the same mapping of errors to statuses and codes,
 * with admin wording on pages and `{ error: { code, message } }` from the API. Unknown errors are
 * logged and get a plain 500 that reveals nothing.
 */
export function adminErrorResponse(error: unknown, area: 'page' | 'api', deps: Pick<AdminDeps, 'logger' | 'businessName'>): HttpResponse {
  const known = describeFailure(error);
  if (!known) {
    deps.logger.error('admin request failed unexpectedly', { error });
  } else {
    deps.logger.info('admin request rejected', { status: known.status, code: known.code });
  }

  const status = known?.status ?? 500;
  const code = known?.code ?? 'internal_error';
  const message = known?.message ?? 'the request could not be handled just now; try again in a minute';

  const response = area === 'api' ? jsonResponse(status, { error: { code, message } }) : renderPage(status, known, message, deps.businessName);
  if (error instanceof MethodNotAllowedError) {
    response.headers.Allow = error.allowed.join(', ');
  }

  return response;
}

function renderPage(status: number, known: ReturnType<typeof describeFailure>, message: string, businessName: string): HttpResponse {
  const admin = known && (known.code === 'review_not_found' || known.code === 'moderation_conflict' || known.code === 'invalid_field');
  return renderAdminErrorPage(status, {
    businessName,
    title: admin ? known.title : (PAGE_TITLES[status] ?? 'Something went wrong'),
    message: status === 500 ? 'The page could not be shown just now. Try again in a minute.' : capitalize(message),
  });
}
