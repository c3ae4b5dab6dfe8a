import { compileFragment, renderLayout } from './layout.ts';
import { ratingLabel, ratingStars } from './review-form.ts';

export interface ThankYouView {
  businessName: string;
  /** The rating the customer submitted, a whole number from 1 to 5. */
  rating: number;
}

const renderBody = compileFragment<{ businessName: string; stars: string; ratingText: string }>(`<h1>Thank you for your review</h1>
<p class="result-stars" aria-hidden="true"><%= it.stars %></p>
<p class="lead">You gave <%= it.businessName %> <%= it.ratingText %>.</p>
<p>Your review has been sent. You can close this page now.</p>
`);

/** Renders the page shown after a review was stored, repeating the rating the customer chose. */
export function renderThankYouPage(view: ThankYouView): string {
  const label = ratingLabel(view.rating);
  if (label === '') {
    throw new RangeError(`rating must be a whole number from 1 to 5, got ${view.rating}`);
  }

  const body = renderBody({
    businessName: view.businessName.trim(),
    stars: ratingStars(view.rating),
    ratingText: `${view.rating} out of 5 stars (${label})`,
  });

  return renderLayout({ title: 'Thank you for your review', businessName: view.businessName, body });
}
