import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { MAX_REVIEW_TEXT_LENGTH } from '../../core/reviews.ts';
import { submitReview } from '../../core/submit-review.ts';
import type { SubmitReviewResult } from '../../core/submit-review.ts';
import { rejectCrossSiteRequest } from '../../http/cross-site.ts';
import { errorResponse } from '../../http/error-responses.ts';
import { renderReviewFormPage } from '../../http/pages/review-form.ts';
import { renderThankYouPage } from '../../http/pages/thank-you.ts';
import { parseBodyFields, wantsJson } from '../../http/request.ts';
import type { HttpResponse } from '../../http/responses.ts';
import { htmlResponse, jsonResponse } from '../../http/responses.ts';
import { deps, logger, settings } from './composition.ts';

/**
 * `POST /review`: stores a review from the form (HTML in, HTML out) or from JSON (201 with the
 * review id). Invalid fields send the form back with the customer's words kept.
 */
export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<HttpResponse> {
  logger.addContext(context);
  const json = wantsJson(event);

  try {
    rejectCrossSiteRequest(event);
    const result = await submitReview(deps, parseBodyFields(event));
    return json ? toJson(result) : toHtml(result);
  } catch (error) {
    return errorResponse(error, { json, businessName: settings.businessName, logger });
  }
}

function toJson(result: SubmitReviewResult): HttpResponse {
  if (result.outcome === 'invalid') {
    const message = Object.values(result.errors).join('; ');
    return jsonResponse(400, { error: { code: 'invalid_field', message, fields: result.errors } });
  }

  logger.info('review stored', { reviewId: result.review.reviewId, outcome: result.outcome });
  return jsonResponse(201, { reviewId: result.review.reviewId, rating: result.review.rating, status: result.review.status });
}

function toHtml(result: SubmitReviewResult): HttpResponse {
  if (result.outcome === 'invalid') {
    const rating = Number(result.fields.rating);
    const text = typeof result.fields.text === 'string' ? result.fields.text : undefined;

    return htmlResponse(
      400,
      renderReviewFormPage({
        businessName: settings.businessName,
        customerFirstName: result.context.firstName,
        token: result.context.token,
        maxTextLength: MAX_REVIEW_TEXT_LENGTH,
        rating: Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating : undefined,
        text,
        errors: result.errors,
      }),
    );
  }

  logger.info('review stored', { reviewId: result.review.reviewId, outcome: result.outcome });
  return htmlResponse(200, renderThankYouPage({ businessName: settings.businessName, rating: result.review.rating }));
}
