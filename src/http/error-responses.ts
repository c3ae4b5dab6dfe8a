import {
  InvitationUnavailableError,
  ModerationConflictError,
  ReviewAlreadySubmittedError,
  ReviewNotFoundError,
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
  /** The exact reason, for JSON clients and, unless `pageMessage` is set, for the page. */
  message: string;
  /** Plainer words for the HTML page, where the exact reason would only confuse a customer. */
  pageMessage?: string;
  hint?: string;
}

/** Words for people when a request is rejected before a review is read; JSON clients get the exact reason. */
const REQUEST_ERROR_PAGES: Record<400 | 403 | 413 | 415, { title: string; pageMessage: string; hint: string }> = {
  400: { title: 'Your review could not be read', pageMessage: 'Something in the sent form was damaged on the way.', hint: 'Go back to the form and send your review again.' },
  403: { title: 'This form was sent from another website', pageMessage: 'For your safety, reviews are only accepted from the review page itself.', hint: 'Open the link from your text message and send your review from there.' },
  413: { title: 'Your review is too long to send', pageMessage: 'The form sent more than this page accepts.', hint: 'Go back, shorten your review and send it again.' },
  415: { title: 'Your review could not be read', pageMessage: 'The review arrived in a format this page does not accept.', hint: 'Go back to the form and send your review again.' },
};

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
    return { status: 409, code: 'already_reviewed', title: 'You have already left a review', message: 'This link has already been used to send a review, and each link accepts one.', hint: 'Your first review is kept. If you want to change it, please contact the business directly.' };
  }

  if (error instanceof ReviewNotFoundError) {
    return { status: 404, code: 'review_not_found', title: 'Review not found', message: error.message, hint: 'It may have been typed wrongly; find it in the review list.' };
  }

  if (error instanceof ModerationConflictError) {
    return { status: 409, code: 'moderation_conflict', title: 'Someone else moderated this review first', message: error.message, hint: 'Nothing was changed. Look at the review again and decide once more if needed.' };
  }

  if (error instanceof ValidationError) {
    return { status: 400, code: 'invalid_field', title: 'Something in the form needs fixing', message: error.message };
  }

  if (error instanceof RequestError) {
    const page = error.status === 403 || error.status === 413 || error.status === 415 ? REQUEST_ERROR_PAGES[error.status] : REQUEST_ERROR_PAGES[400];
    return { status: error.status, code: error.code, ...page, message: error.message };
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

  return htmlResponse(failure.status, renderErrorPage({ businessName: options.businessName, title: failure.title, message: failure.pageMessage ?? failure.message, hint: failure.hint }));
}
