import {
  InvitationUnavailableError,
  ReviewAlreadySubmittedError,
  TokenExpiredError,
  TokenInvalidError,
  TokenMissingError,
  ValidationError,
} from '../core/errors.ts';
import type { Logger } from '../core/ports.ts';
import { renderErrorPage } from './pages/error-page.ts';
import { RequestError } from './request-error.ts';
import type { HttpResponse } from './responses.ts';
import { htmlResponse, jsonResponse } from './responses.ts';

/** The response details of a failure: the status, a stable code, and words for people. */
interface ErrorDescription {
  status: number;
  code: string;
  title: string;
  message: string;
  hint?: string;
}

const ASK_FOR_NEW_LINK = 'If you still want to leave a review, ask the business to send you a new link.';

/**
 * Maps every error to the response a client receives, and is the only place that does. Errors of
 * the customer's own making show their message; anything else becomes a plain 500 and is logged.
 */
export function describeFailure(error: unknown): ErrorDescription | undefined {
  if (error instanceof TokenMissingError) {
    return { status: 400, code: 'missing_token', title: 'This link is incomplete', message: 'The address you opened has no review code in it.', hint: 'Open the link from your text message again, or copy the whole link into your browser.' };
  }

  if (error instanceof TokenInvalidError) {
    return { status: 401, code: 'invalid_token', title: 'This link is not valid', message: 'We could not recognize this review link. It may have been cut short or changed.', hint: 'Open the link from your text message again, making sure the whole link is copied.' };
  }

  if (error instanceof TokenExpiredError) {
    return { status: 410, code: 'expired_token', title: 'This link has expired', message: 'Review links work for a limited time, and this one has run out.', hint: ASK_FOR_NEW_LINK };
  }

  if (error instanceof InvitationUnavailableError) {
    return { status: 410, code: 'link_unavailable', title: 'This link is no longer available', message: 'This review invitation has been withdrawn.', hint: ASK_FOR_NEW_LINK };
  }

  if (error instanceof ReviewAlreadySubmittedError) {
    return { status: 409, code: 'already_reviewed', title: 'You have already left a review', message: 'This link has already been used to send a review. Thank you!', hint: 'Each link accepts one review, so there is nothing more to do.' };
  }

  if (error instanceof ValidationError) {
    return { status: 400, code: 'invalid_field', title: 'Something in the form needs fixing', message: error.message };
  }

  if (error instanceof RequestError) {
    return { status: error.status, code: error.code, title: 'The request could not be read', message: error.message };
  }

  return undefined;
}

export function errorResponse(error: unknown, options: { json: boolean; businessName?: string; logger: Logger }): HttpResponse {
  const known = describeFailure(error);
  if (!known) {
    options.logger.error('request failed unexpectedly', { error });
    const internal = { status: 500, code: 'internal_error', title: 'Something went wrong on our side', message: 'Your review could not be handled just now.', hint: 'Please try again in a few minutes.' };
    return render(internal, options);
  }

  options.logger.info('request rejected', { status: known.status, code: known.code });
  return render(known, options);
}

function render(failure: ErrorDescription, options: { json: boolean; businessName?: string }): HttpResponse {
  if (options.json) {
    return jsonResponse(failure.status, { error: { code: failure.code, message: failure.message } });
  }

  return htmlResponse(failure.status, renderErrorPage({ businessName: options.businessName, title: failure.title, message: failure.message, hint: failure.hint }));
}
