import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { MAX_REVIEW_TEXT_LENGTH } from '../../core/reviews.ts';
import { openReviewForm } from '../../core/review-access.ts';
import { errorResponse } from '../../http/error-responses.ts';
import { renderReviewFormPage } from '../../http/pages/review-form.ts';
import type { HttpResponse } from '../../http/responses.ts';
import { htmlResponse } from '../../http/responses.ts';
import { deps, logger, settings } from './composition.ts';

/** `GET /review?token=...`: the review form for a valid link, or an HTML page saying what is wrong. */
export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<HttpResponse> {
  logger.addContext(context);

  try {
    const review = await openReviewForm(deps, event.queryStringParameters?.token);
    logger.info('review form opened', { invitationId: review.invitation.invitationId });

    return htmlResponse(
      200,
      renderReviewFormPage({ businessName: settings.businessName, customerFirstName: review.firstName, token: review.token, maxTextLength: MAX_REVIEW_TEXT_LENGTH }),
    );
  } catch (error) {
    return errorResponse(error, { json: false, businessName: settings.businessName, logger });
  }
}
