import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { moderateReview, parseReason, parseStatus } from '../../core/admin/moderation.ts';
import type { Decision } from '../../core/admin/moderation.ts';
import { getReviewDetails } from '../../core/admin/review-details.ts';
import { parseReviewQuery } from '../../core/admin/review-query.ts';
import { listReviews } from '../../core/admin/review-queue.ts';
import { computeStats } from '../../core/admin/stats.ts';
import type { Review } from '../../core/reviews.ts';
import type { SubmittedFields } from '../../core/validation.ts';
import { readSingleField } from '../../core/validation.ts';
import { parseBodyFields } from '../request.ts';
import type { HttpResponse } from '../responses.ts';
import { jsonResponse } from '../responses.ts';
import { csvDownload } from './csv-download.ts';
import { REVIEW_ID_PART, rawReviewQuery } from './query-params.ts';
import type { AdminRoute, RouteContext } from './router.ts';

/** The JSON admin API. Errors share the shape of every Starling API: `{ error: { code, message } }`. */
export const API_ROUTES: AdminRoute[] = [
  { method: 'GET', pattern: /^\/admin\/api\/reviews$/, run: listRoute },
  { method: 'GET', pattern: new RegExp(`^/admin/api/reviews/${REVIEW_ID_PART}$`), run: getRoute },
  { method: 'POST', pattern: new RegExp(`^/admin/api/reviews/${REVIEW_ID_PART}/approve$`), run: (context) => moderateRoute(context, 'approved') },
  { method: 'POST', pattern: new RegExp(`^/admin/api/reviews/${REVIEW_ID_PART}/reject$`), run: (context) => moderateRoute(context, 'rejected') },
  { method: 'GET', pattern: /^\/admin\/api\/stats$/, run: statsRoute },
  { method: 'GET', pattern: /^\/admin\/api\/export$/, run: ({ event, deps }) => csvDownload(deps, event) },
];

async function listRoute({ event, deps }: RouteContext): Promise<HttpResponse> {
  const query = parseReviewQuery(rawReviewQuery(event), deps.timeZone);
  const page = await listReviews(deps.reviews, query);
  return jsonResponse(200, { ...page, reviews: page.reviews.map(adminView) });
}

async function getRoute({ deps, params }: RouteContext): Promise<HttpResponse> {
  const details = await getReviewDetails(deps, params[0] ?? '');
  return jsonResponse(200, { ...details, review: adminView(details.review) });
}

/**
 * Approves or rejects. `expectedStatus` is the status the caller saw and defaults to `new`, so a
 * client that moderates from the queue gets 409 rather than overwriting another admin's decision.
 */
async function moderateRoute({ event, deps, user, params }: RouteContext, decision: Decision): Promise<HttpResponse> {
  const fields = readOptionalBody(event);
  const expected = readSingleField(fields, 'expectedStatus');

  const review = await moderateReview(deps, {
    reviewId: params[0] ?? '',
    decision,
    moderator: user.username,
    expectedStatus: expected === undefined ? 'new' : parseStatus(expected, 'expectedStatus'),
    reason: parseReason(readSingleField(fields, 'reason')),
  });
  return jsonResponse(200, { review: adminView(review) });
}

/**
 * Returns the review as the API shows it, without the invitation id. Together with the signing key
 * that id makes the customer's link, so it stays inside the system like the key does.
 */
function adminView(review: Review): Omit<Review, 'invitationId'> {
  const { invitationId: _omitted, ...shown } = review;
  return shown;
}

async function statsRoute({ deps }: RouteContext): Promise<HttpResponse> {
  return jsonResponse(200, await computeStats(deps, { now: deps.clock.now(), timeZone: deps.timeZone }));
}

/** Parses the body when there is one. An empty body means no reason and the default expected status. */
function readOptionalBody(event: APIGatewayProxyEventV2): SubmittedFields {
  return event.body ? parseBodyFields(event) : {};
}
