import { moderateReview, parseDecision, parseReason, parseStatus } from '../../core/admin/moderation.ts';
import type { Decision } from '../../core/admin/moderation.ts';
import { getReviewDetails } from '../../core/admin/review-details.ts';
import { parseReviewQuery } from '../../core/admin/review-query.ts';
import { listReviews } from '../../core/admin/review-queue.ts';
import type { ReviewQuery } from '../../core/admin/review-queue.ts';
import { computeStats } from '../../core/admin/stats.ts';
import { ModerationConflictError, ValidationError } from '../../core/errors.ts';
import { readSingleField } from '../../core/validation.ts';
import type { SubmittedFields } from '../../core/validation.ts';
import { parseBodyFields } from '../request.ts';
import type { HttpResponse } from '../responses.ts';
import { csvDownload } from './csv-download.ts';
import { renderDashboardPage } from './pages/dashboard-page.ts';
import { capitalize, formatTime } from './pages/format.ts';
import { renderReviewPage } from './pages/review-page.ts';
import type { ReviewPageView } from './pages/review-page.ts';
import { REVIEW_ID_PART, rawReviewQuery } from './query-params.ts';
import type { AdminRoute, RouteContext } from './router.ts';

/** The admin pages: the dashboard with the queue and numbers, one review, its decision form, and the CSV. */
export const PAGE_ROUTES: AdminRoute[] = [
  { method: 'GET', pattern: /^\/admin$/, run: dashboardRoute },
  { method: 'GET', pattern: new RegExp(`^/admin/reviews/${REVIEW_ID_PART}$`), run: reviewRoute },
  { method: 'POST', pattern: new RegExp(`^/admin/reviews/${REVIEW_ID_PART}/moderate$`), run: moderateRoute },
  // The address bar shows the form's target after a refused decision; opening it again leads back to the review.
  { method: 'GET', pattern: new RegExp(`^/admin/reviews/${REVIEW_ID_PART}/moderate$`), run: async ({ params }) => ({ statusCode: 303, headers: { Location: `/admin/reviews/${params[0] ?? ''}`, 'Cache-Control': 'no-store' }, body: '' }) },
  { method: 'GET', pattern: /^\/admin\/export\.csv$/, run: ({ event, deps }) => csvDownload(deps, event) },
];

/**
 * Shows the dashboard. Filters that cannot be read leave the queue unfiltered, and the page gives
 * the reason and keeps what the admin typed in the form, so one wrong date does not lose the page.
 */
async function dashboardRoute({ event, deps, user, csrf }: RouteContext): Promise<HttpResponse> {
  const raw = rawReviewQuery(event);
  let query: ReviewQuery;
  let alert: string | undefined;
  try {
    query = parseReviewQuery(raw, deps.timeZone);
  } catch (error) {
    if (!(error instanceof ValidationError)) {
      throw error;
    }

    deps.logger.info('admin dashboard filter rejected', { field: error.field });
    query = parseReviewQuery({}, deps.timeZone);
    alert = `${capitalize(error.message)}. The list below is not filtered.`;
  }

  const [queue, stats] = await Promise.all([listReviews(deps.reviews, query), computeStats(deps, { now: deps.clock.now(), timeZone: deps.timeZone })]);
  const view = { businessName: deps.businessName, user: { username: user.username, csrf }, raw: alert ? { ...raw, cursor: undefined } : raw, query, queue, stats };
  return renderDashboardPage(alert ? { ...view, alert } : view, alert ? 400 : 200);
}

async function reviewRoute({ event, deps, user, csrf, params }: RouteContext): Promise<HttpResponse> {
  const details = await getReviewDetails(deps, params[0] ?? '');
  const done = event.queryStringParameters?.done;
  const notice = done === 'approved' || done === 'rejected' ? `Review ${done}.` : undefined;

  return renderReviewPage(200, { businessName: deps.businessName, user: { username: user.username, csrf }, details, timeZone: deps.timeZone, ...(notice ? { notice } : {}) });
}

/**
 * Applies the decision form's post. Success goes back to the review page (post, redirect, get), so
 * reloading cannot send the decision twice. A conflict or a bad reason shows the review again
 * with the message and, for a bad reason, the words the admin typed.
 */
async function moderateRoute({ event, deps, user, csrf, params }: RouteContext): Promise<HttpResponse> {
  const reviewId = params[0] ?? '';
  const fields = parseBodyFields(event);
  const page = { businessName: deps.businessName, user: { username: user.username, csrf }, timeZone: deps.timeZone };
  const typedReason = readSingleField(fields, 'reason');

  try {
    const decision = parseDecision(readSingleField(fields, 'decision'));
    const review = await moderateReview(deps, {
      reviewId,
      decision,
      moderator: user.username,
      expectedStatus: parseStatus(readSingleField(fields, 'expectedStatus'), 'expectedStatus'),
      reason: parseReason(typedReason),
    });
    return { statusCode: 303, headers: { Location: `/admin/reviews/${review.reviewId}?done=${decision}`, 'Cache-Control': 'no-store' }, body: '' };
  } catch (error) {
    if (error instanceof ModerationConflictError) {
      const current = await getReviewDetails(deps, reviewId);
      const moderator = error.current.moderatedBy ?? 'another admin';
      const when = formatTime(error.current.moderatedAt, deps.timeZone);
      const alert = `Nothing was changed: while you were deciding, ${moderator} marked this review ${error.current.status} (${when}). Check it below and decide again if needed.`;
      return renderReviewPage(409, { ...page, details: current, alert });
    }

    if (error instanceof ValidationError) {
      const decision = readDecision(fields);
      const reasonFor: ReviewPageView['reasonFor'] = decision ? { decision, text: typeof typedReason === 'string' ? typedReason : '' } : undefined;
      // The details are read only now, so an unknown review is "not found" rather than a form error.
      const details = await getReviewDetails(deps, reviewId);
      return renderReviewPage(400, { ...page, details, alert: capitalize(error.message), ...(reasonFor ? { reasonFor } : {}) });
    }

    throw error;
  }
}

/** Reads the decision of a refused form, or undefined when the decision itself was what failed. */
function readDecision(fields: SubmittedFields): Decision | undefined {
  try {
    return parseDecision(readSingleField(fields, 'decision'));
  } catch {
    return undefined;
  }
}
