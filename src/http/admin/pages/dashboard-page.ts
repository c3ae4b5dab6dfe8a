import type { RawReviewQuery } from '../../../core/admin/review-query.ts';
import type { ReviewQuery, ReviewQueuePage } from '../../../core/admin/review-queue.ts';
import type { AdminStats } from '../../../core/admin/stats.ts';
import { formatPercent, formatRating } from '../../../core/admin/stats.ts';
import type { HtmlFragment } from '../../pages/layout.ts';
import { compileFragment } from '../../pages/layout.ts';
import type { HttpResponse } from '../../responses.ts';
import { adminPage } from './admin-layout.ts';
import { renderDistributionChart, renderWeeklyChart } from './charts.ts';
import { excerptOf, formatTime, starsOf, statusLabel } from './format.ts';
import { queueLinks } from './queue-links.ts';
import type { QueueLinks } from './queue-links.ts';

export interface DashboardView {
  businessName: string;
  /** The reason the filters in the address were not applied. */
  alert?: string;
  user: { username: string; csrf: string };
  raw: RawReviewQuery;
  query: ReviewQuery;
  queue: ReviewQueuePage;
  stats: AdminStats;
}

interface DashboardModel {
  alert: string;
  numbers: { label: string; value: string; detail?: string }[];
  distributionChart: HtmlFragment;
  weeklyChart: HtmlFragment;
  links: QueueLinks;
  ratings: { value: number; checked: boolean }[];
  from: string;
  to: string;
  rows: { href: string; status: string; statusLabel: string; stars: string; rating: number; excerpt: string; received: string }[];
  timeZone: string;
  empty: string;
}

// The charts are SVG that charts.ts built with every text escaped, so they are the raw outputs here.
const renderBody = compileFragment<DashboardModel>(`<h1>Reviews and numbers</h1>
<% if (it.alert) { %>
<p class="alert" role="alert"><%= it.alert %></p>
<% } %>
<section aria-labelledby="numbers-heading">
<h2 id="numbers-heading">Numbers</h2>
<dl class="numbers">
<% for (const number of it.numbers) { %>
<div class="number"><dt><%= number.label %></dt><dd><%= number.value %></dd><% if (number.detail) { %><dd class="number-detail"><%= number.detail %></dd><% } %></div>
<% } %>
</dl>
<div class="charts">
<figure class="panel"><figcaption>Ratings</figcaption><%~ it.distributionChart %></figure>
<figure class="panel"><figcaption>Reviews and invitations per week</figcaption><%~ it.weeklyChart %></figure>
</div>
</section>
<section class="panel" aria-labelledby="queue-heading">
<h2 id="queue-heading">Review queue</h2>
<nav aria-label="Review status">
<ul class="tabs">
<% for (const tab of it.links.tabs) { %>
<li><a href="<%= tab.href %>"<% if (tab.current) { %> aria-current="page"<% } %>><%= tab.label %> (<%= tab.count %>)</a></li>
<% } %>
</ul>
</nav>
<form class="filters" method="get" action="/admin">
<input type="hidden" name="status" value="<%= it.links.status %>">
<fieldset class="field">
<legend>Rating</legend>
<div>
<% for (const rating of it.ratings) { %>
<label><input type="checkbox" name="rating" value="<%= rating.value %>"<% if (rating.checked) { %> checked<% } %>> <%= rating.value %>★</label>
<% } %>
</div>
</fieldset>
<div class="field"><label for="from">From</label><input id="from" name="from" type="date" value="<%= it.from %>"></div>
<div class="field"><label for="to">To</label><input id="to" name="to" type="date" value="<%= it.to %>"></div>
<button type="submit">Apply filters</button>
<a href="<%= it.links.clear %>">Clear filters</a>
</form>
<% if (it.rows.length === 0) { %>
<p><%= it.empty %></p>
<% } else { %>
<div class="table-wrap">
<table>
<caption class="muted">Times in <%= it.timeZone %>. New reviews first, then moderated ones; newest first in each.</caption>
<thead><tr><th scope="col">Status</th><th scope="col">Rating</th><th scope="col">Review</th><th scope="col">Received</th></tr></thead>
<tbody>
<% for (const row of it.rows) { %>
<tr>
<td><span class="badge badge-<%= row.status %>"><%= row.statusLabel %></span></td>
<td><span class="stars" aria-hidden="true"><%= row.stars %></span> <span class="muted"><%= row.rating %>/5</span></td>
<td class="excerpt"><a href="<%= row.href %>"><%= row.excerpt %></a></td>
<td><%= row.received %></td>
</tr>
<% } %>
</tbody>
</table>
</div>
<% } %>
<nav class="pager" aria-label="Pages">
<% if (it.links.first) { %><a href="<%= it.links.first %>">First page</a><% } %>
<% if (it.links.next) { %><a href="<%= it.links.next %>" rel="next">Next page</a><% } %>
</nav>
</section>
`);

/** Renders the dashboard: the numbers and charts on top, the filtered, paginated review queue below. */
export function renderDashboardPage(view: DashboardView, statusCode = 200): HttpResponse {
  const { stats, queue } = view;
  const checked = new Set(view.query.filter.ratings ?? []);

  const model: DashboardModel = {
    alert: view.alert ?? '',
    numbers: [
      { label: 'Invitations sent', value: String(stats.invitations.sent) },
      { label: 'Opened', value: String(stats.invitations.opened), detail: `${formatPercent(stats.invitations.sent ? stats.invitations.opened / stats.invitations.sent : null)} of sent` },
      { label: 'Answered', value: String(stats.invitations.answered) },
      { label: 'Response rate', value: formatPercent(stats.invitations.responseRate) },
      { label: 'Average rating', value: formatRating(stats.reviews.averageRating), detail: `of ${stats.reviews.total} reviews` },
    ],
    distributionChart: renderDistributionChart(stats.reviews.distribution),
    weeklyChart: renderWeeklyChart(stats.weekly),
    links: queueLinks(view.raw, view.query.status, queue),
    ratings: [5, 4, 3, 2, 1].map((value) => ({ value, checked: checked.has(value) })),
    from: view.raw.from ?? '',
    to: view.raw.to ?? '',
    rows: queue.reviews.map((review) => ({
      href: `/admin/reviews/${review.reviewId}`,
      status: review.status,
      statusLabel: statusLabel(review.status),
      stars: starsOf(review.rating),
      rating: review.rating,
      // A review without words still needs a link name of its own, so screen readers can tell them apart.
      excerpt: review.text ? excerptOf(review.text) : `(no text) ${review.rating}-star rating of ${formatTime(review.createdAt, stats.timeZone)}`,
      received: formatTime(review.createdAt, stats.timeZone),
    })),
    timeZone: stats.timeZone,
    empty: view.raw.cursor ? 'No more reviews match.' : 'No reviews match these filters yet.',
  };

  return adminPage(statusCode, { title: 'Reviews and numbers', businessName: view.businessName, user: view.user, body: renderBody(model) });
}
