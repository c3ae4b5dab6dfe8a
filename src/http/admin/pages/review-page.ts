import type { ReviewDetails } from '../../../core/admin/review-details.ts';
import { MAX_REASON_LENGTH } from '../../../core/admin/moderation.ts';
import { compileFragment } from '../../pages/layout.ts';
import type { HttpResponse } from '../../responses.ts';
import { adminPage } from './admin-layout.ts';
import { formatTime, starsOf, statusLabel } from './format.ts';

export interface ReviewPageView {
  businessName: string;
  user: { username: string; csrf: string };
  details: ReviewDetails;
  timeZone: string;
  /** A success message after a decision. */
  notice?: string;
  /** The reason the last decision was not applied. */
  alert?: string;
  /** The reason the admin typed for a decision that was failedChoice, kept in that decision's form. */
  reasonFor?: { decision: 'approved' | 'rejected'; text: string };
}

interface ReviewModel extends ReviewPageView {
  heading: string;
  stars: string;
  statusLabel: string;
  facts: { label: string; value: string }[];
  history: { text: string; reason?: string }[];
  decisions: { decision: 'approved' | 'rejected'; label: string; reasonLabel: string; buttonClass: string; reason: string; invalid: boolean }[];
  maxReasonLength: number;
}

const renderBody = compileFragment<ReviewModel>(`<p><a href="/admin">← Back to the reviews</a></p>
<h1><%= it.heading %></h1>
<% if (it.notice) { %>
<p class="notice" role="status"><%= it.notice %></p>
<% } %>
<% if (it.alert) { %>
<p class="alert" role="alert" id="decision-error"><%= it.alert %></p>
<% } %>
<section class="panel" aria-labelledby="review-heading">
<h2 id="review-heading">Review</h2>
<p><span class="stars" aria-hidden="true"><%= it.stars %></span> <strong><%= it.details.review.rating %> out of 5 stars</strong> · <span class="badge badge-<%= it.details.review.status %>"><%= it.statusLabel %></span></p>
<% if (it.details.review.text) { %>
<blockquote class="review-text"><%= it.details.review.text %></blockquote>
<% } else { %>
<p class="muted">The customer gave a rating without words.</p>
<% } %>
<dl class="facts">
<% for (const fact of it.facts) { %>
<dt><%= fact.label %></dt><dd><%= fact.value %></dd>
<% } %>
</dl>
</section>
<section class="panel" aria-labelledby="decide-heading">
<h2 id="decide-heading">Decide</h2>
<p class="muted">Judge the words, not the stars: reject spam, abuse or personal details, whatever the rating.</p>
<div class="decisions">
<% for (const choice of it.decisions) { %>
<form method="post" action="/admin/reviews/<%= it.details.review.reviewId %>/moderate">
<input type="hidden" name="csrf" value="<%= it.user.csrf %>">
<input type="hidden" name="decision" value="<%= choice.decision %>">
<input type="hidden" name="expectedStatus" value="<%= it.details.review.status %>">
<div class="field">
<label for="reason-<%= choice.decision %>"><%= choice.reasonLabel %></label>
<textarea id="reason-<%= choice.decision %>" name="reason" rows="2"<% if (choice.invalid) { %> aria-invalid="true" aria-describedby="decision-error"<% } %>><%= choice.reason %></textarea>
<span class="muted">Up to <%= it.maxReasonLength %> characters; kept in the history.</span>
</div>
<p><button type="submit" class="<%= choice.buttonClass %>"><%= choice.label %></button></p>
</form>
<% } %>
</div>
</section>
<section class="panel" aria-labelledby="history-heading">
<h2 id="history-heading">Status history</h2>
<ol class="history">
<% for (const entry of it.history) { %>
<li><%= entry.text %><% if (entry.reason) { %>: “<%= entry.reason %>”<% } %></li>
<% } %>
</ol>
</section>
`);

/** Renders one review with everything needed to decide on it, and the approve and reject forms. */
export function renderReviewPage(statusCode: number, view: ReviewPageView): HttpResponse {
  const { review, customer, invitation, history } = view.details;
  const zone = view.timeZone;

  const model: ReviewModel = {
    ...view,
    heading: `${review.rating}-star review from ${customer?.name || 'a former customer'}`,
    stars: starsOf(review.rating),
    statusLabel: statusLabel(review.status),
    facts: [
      { label: 'Customer', value: customer?.name || 'No longer stored' },
      { label: 'Phone', value: customer?.maskedPhone ?? '–' },
      { label: 'Invitation sent', value: formatTime(invitation.sentAt, zone) },
      { label: 'Link opened', value: formatTime(invitation.openedAt, zone) },
      { label: 'Answered', value: formatTime(invitation.answeredAt, zone) },
      { label: 'Times shown in', value: zone },
      { label: 'Review id', value: review.reviewId },
    ],
    history: history.map((entry) => ({
      text: `${statusLabel(entry.status)} ${formatTime(entry.at, zone)}${entry.by ? ` by ${entry.by}` : ' (sent by the customer)'}`,
      ...(entry.reason ? { reason: entry.reason } : {}),
    })),
    decisions: [
      { decision: 'approved' as const, label: 'Approve', reasonLabel: 'Reason for approving (optional)', buttonClass: '' },
      { decision: 'rejected' as const, label: 'Reject', reasonLabel: 'Reason for rejecting (optional)', buttonClass: 'danger' },
    ]
      .filter((choice) => choice.decision !== review.status)
      .map((choice) => {
        const failedChoice = view.reasonFor?.decision === choice.decision;
        return { ...choice, reason: failedChoice ? (view.reasonFor?.text ?? '') : '', invalid: failedChoice };
      }),
    maxReasonLength: MAX_REASON_LENGTH,
  };

  return adminPage(statusCode, { title: model.heading, businessName: view.businessName, user: view.user, body: renderBody(model) });
}
