import { compileFragment, renderLayout } from './layout.ts';

export interface ReviewFormView {
  businessName: string;
  /** May be empty, and then the greeting has no name. */
  customerFirstName: string;
  /** The signed invitation token, posted back in a hidden `token` field. */
  token: string;
  /**
   * Maximum length of the review text, in characters, shown in the hint. The textarea has no
   * `maxlength`: browsers silently cut pasted text there and count an emoji as two, so the server
   * checks the length and returns the form with the text kept and a message instead.
   */
  maxTextLength: number;
  /** The rating to show selected again after a validation error. */
  rating?: number;
  /** The text to show again after a validation error. */
  text?: string;
  /** Messages to show next to each field. `form` is for a problem with the whole submission. */
  errors?: { rating?: string; text?: string; form?: string };
}

/** The words for each star rating, best first, which is also the order on the form. */
export const RATING_LABELS: ReadonlyArray<{ value: number; label: string }> = [
  { value: 5, label: 'Excellent' },
  { value: 4, label: 'Good' },
  { value: 3, label: 'Okay' },
  { value: 2, label: 'Poor' },
  { value: 1, label: 'Terrible' },
];

/** Returns the word for a rating from 1 to 5, such as "Good" for 4, or '' for any other value. */
export function ratingLabel(rating: number): string {
  return RATING_LABELS.find((choice) => choice.value === rating)?.label ?? '';
}

/** Draws a rating as five stars, filled up to `rating`, for example "★★★★☆" for 4. */
export function ratingStars(rating: number): string {
  const filled = Math.min(Math.max(Math.trunc(rating), 0), 5);

  return '★'.repeat(filled) + '☆'.repeat(5 - filled);
}

const FIRST_CHOICE_ID = `rating-${RATING_LABELS[0]?.value ?? 5}`;

// The line break right after `<textarea>` is deliberate. HTML parsers drop one leading newline
// there, so a prefilled text that starts with a newline keeps it.
const renderBody = compileFragment<ReturnType<typeof buildBodyData>>(`<h1>Please give your review</h1>
<p class="lead"><%= it.greeting %></p>
<% if (it.errorItems.length > 0) { %>
<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
  <h2 id="error-summary-title">There is a problem</h2>
  <ul>
<% for (const item of it.errorItems) { %>
    <li><% if (item.href) { %><a href="<%= item.href %>"><%= item.message %></a><% } else { %><%= item.message %><% } %></li>
<% } %>
  </ul>
</div>
<% } %>
<form method="post" action="/review" accept-charset="utf-8">
  <input type="hidden" name="token" value="<%= it.token %>">
  <fieldset role="radiogroup" aria-required="true"<% if (it.ratingError) { %> class="field-invalid" aria-invalid="true" aria-describedby="rating-error"<% } %>>
    <legend>Your rating</legend>
<% if (it.ratingError) { %>
    <p id="rating-error" class="error-message"><span class="visually-hidden">Error: </span><%= it.ratingError %></p>
<% } %>
    <div class="choices">
<% for (const choice of it.choices) { %>
      <div class="choice">
        <input type="radio" id="<%= choice.id %>" name="rating" value="<%= choice.value %>" required<% if (choice.checked) { %> checked<% } %>>
        <label for="<%= choice.id %>"><span class="stars" aria-hidden="true"><%= choice.stars %></span> <span><%= choice.value %> – <%= choice.label %></span></label>
      </div>
<% } %>
    </div>
  </fieldset>
  <div class="field<% if (it.textError) { %> field-invalid<% } %>">
    <label class="field-label" for="text">Tell us more (optional)</label>
    <p id="text-hint" class="hint">Up to <%= it.maxTextLengthText %> characters</p>
<% if (it.textError) { %>
    <p id="text-error" class="error-message"><span class="visually-hidden">Error: </span><%= it.textError %></p>
<% } %>
    <textarea id="text" name="text" rows="5" aria-describedby="<%= it.textDescribedBy %>"<% if (it.textError) { %> aria-invalid="true"<% } %>>
<%= it.text %></textarea>
  </div>
  <button type="submit">Send review</button>
</form>
<p class="privacy muted">Your review goes to <%= it.businessName %>. This link is personal to you, so please don't share it.</p>
`);

/** Renders the review form, with any validation errors next to their fields and in a summary. */
export function renderReviewFormPage(view: ReviewFormView): string {
  const data = buildBodyData(view);
  const title = data.errorItems.length > 0 ? 'Error: Please give your review' : 'Please give your review';

  return renderLayout({ title, businessName: view.businessName, body: renderBody(data) });
}

function buildBodyData(view: ReviewFormView) {
  const firstName = view.customerFirstName.trim();
  const businessName = view.businessName.trim();
  const errors = view.errors ?? {};

  const choices = RATING_LABELS.map(({ value, label }) => ({
    id: `rating-${value}`,
    value,
    label,
    stars: ratingStars(value),
    checked: view.rating === value,
  }));

  // The summary links each message to its field, so keyboard users can jump straight to it.
  const errorItems: Array<{ message: string; href?: string }> = [];
  if (errors.form) {
    errorItems.push({ message: errors.form });
  }

  if (errors.rating) {
    errorItems.push({ message: errors.rating, href: `#${FIRST_CHOICE_ID}` });
  }

  if (errors.text) {
    errorItems.push({ message: errors.text, href: '#text' });
  }

  return {
    greeting: `Hi${firstName ? ` ${firstName}` : ''}, how was your experience with ${businessName}?`,
    businessName,
    token: view.token,
    choices,
    errorItems,
    ratingError: errors.rating ?? '',
    textError: errors.text ?? '',
    text: view.text ?? '',
    maxTextLengthText: view.maxTextLength.toLocaleString('en-US'),
    textDescribedBy: errors.text ? 'text-hint text-error' : 'text-hint',
  };
}
