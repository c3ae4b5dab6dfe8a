import { MAX_RATING } from '../../../core/reviews.ts';

/** "4 Dec 2026, 14:03" in the business's time zone; the page names the zone once. */
export function formatTime(iso: string | undefined, timeZone: string): string {
  if (!iso) {
    return '–';
  }

  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function starsOf(rating: number): string {
  return '★'.repeat(rating) + '☆'.repeat(MAX_RATING - rating);
}

/** Shortens a review to its first 160 code points, for the queue. */
export function excerptOf(text: string): string {
  const codePoints = [...text];
  return codePoints.length > 160 ? `${codePoints.slice(0, 160).join('')}…` : text;
}

export function statusLabel(status: string): string {
  const labels: Record<string, string> = { new: 'New', approved: 'Approved', rejected: 'Rejected' };
  return labels[status] ?? status;
}

/** Starts a core error message, written to follow "got" or a colon, as a sentence for a page. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
