import { createStores } from '../../functions/shared/runtime.ts';
import { withLocalData } from '../session.ts';

/** `starling reviews [--limit N]`: the newest reviews with their rating, status and text. */
export async function reviewsCommand(options: { limit: number }): Promise<number> {
  const reviews = await withLocalData(() => createStores(process.env).reviews.listNewestFirst(options.limit));

  if (reviews.length === 0) {
    console.log('No reviews yet. Open a link from the outbox (npx starling outbox) to write one.');
    return 0;
  }

  for (const review of reviews) {
    const stars = '★'.repeat(review.rating) + '☆'.repeat(5 - review.rating);
    console.log(`${review.createdAt}  ${stars}  ${review.status.padEnd(8)}  ${review.reviewId}`);
    if (review.text) {
      const codePoints = [...review.text];
      const excerpt = codePoints.length > 300 ? `${codePoints.slice(0, 300).join('')}…` : review.text;
      console.log(`  ${excerpt.replace(/\n/g, '\n  ')}`);
    }
  }

  return 0;
}
