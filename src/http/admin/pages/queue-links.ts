import type { RawReviewQuery } from '../../../core/admin/review-query.ts';
import type { ReviewQueuePage, StatusView } from '../../../core/admin/review-queue.ts';

export interface QueueLinks {
  status: StatusView;
  tabs: { label: string; count: number; href: string; current: boolean }[];
  clear: string;
  first?: string;
  next?: string;
}

/** Builds the queue's links so that a tab or page change keeps the other filters. */
export function queueLinks(raw: RawReviewQuery, status: StatusView, queue: ReviewQueuePage): QueueLinks {
  const filters = { rating: raw.rating, from: raw.from, to: raw.to, limit: raw.limit };
  const total = queue.counts.new + queue.counts.approved + queue.counts.rejected;
  const tabs: { view: StatusView; label: string; count: number }[] = [
    { view: 'all', label: 'All', count: total },
    { view: 'new', label: 'New', count: queue.counts.new },
    { view: 'approved', label: 'Approved', count: queue.counts.approved },
    { view: 'rejected', label: 'Rejected', count: queue.counts.rejected },
  ];

  return {
    status,
    tabs: tabs.map((tab) => ({ label: tab.label, count: tab.count, href: href({ ...filters, status: tab.view }), current: tab.view === status })),
    clear: href({ status }),
    ...(raw.cursor ? { first: href({ ...filters, status }) } : {}),
    ...(queue.nextCursor ? { next: href({ ...filters, status, cursor: queue.nextCursor }) } : {}),
  };
}

function href(params: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === '' || (name === 'status' && value === 'all')) {
      continue;
    }

    search.set(name, Array.isArray(value) ? value.join(',') : value);
  }

  const query = search.toString();
  return query ? `/admin?${query}` : '/admin';
}
