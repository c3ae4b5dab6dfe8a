import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { renderErrorPage } from '../../src/http/pages/error-page.ts';
import { type ReviewFormView, renderReviewFormPage } from '../../src/http/pages/review-form.ts';
import { PAGE_CSS } from '../../src/http/pages/style.ts';
import { renderThankYouPage } from '../../src/http/pages/thank-you.ts';
import { htmlSecurityHeaders } from '../../src/http/security-headers.ts';
import type { OutboxEntry } from '../../src/local/outbox-entry.ts';
import { renderOutboxPage } from '../../src/local/outbox-page.ts';

const SCRIPT = '<script>alert(1)</script>';
const ATTRIBUTE_BREAKOUT = '"><img src=x onerror=alert(1)>';

function formView(overrides: Partial<ReviewFormView> = {}): ReviewFormView {
  return { businessName: 'Acme Coffee', customerFirstName: 'Maya', token: 'tok.123', maxTextLength: 5000, ...overrides };
}

/** Lists the attributes of every `<name …>` start tag. A regex is enough for the markup these pages produce. */
function startTags(html: string, name: string): Array<Record<string, string>> {
  const tags = html.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? [];

  return tags.map((tag) => {
    const attributes: Record<string, string> = {};
    for (const match of tag.slice(name.length + 1).matchAll(/([\w-]+)(?:="([^"]*)")?/g)) {
      attributes[match[1] ?? ''] = match[2] ?? '';
    }

    return attributes;
  });
}

/** Returns the text inside the element with the given id, or undefined when there is none. */
function textOfId(html: string, id: string): string | undefined {
  const match = new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);

  return match?.[2];
}

describe('renderReviewFormPage', () => {
  it('posts to /review as UTF-8', () => {
    const form = startTags(renderReviewFormPage(formView()), 'form')[0];

    expect(form?.method).toBe('post');
    expect(form?.action).toBe('/review');
    expect(form?.['accept-charset']).toBe('utf-8');
  });

  it('groups the stars in a fieldset', () => {
    const html = renderReviewFormPage(formView());

    expect(html).toMatch(/<fieldset[^>]*>\s*<legend>Your rating<\/legend>/);
  });

  it('offers five labelled radios', () => {
    const html = renderReviewFormPage(formView());
    const radios = startTags(html, 'input').filter((input) => input.type === 'radio');

    expect(radios.map((radio) => radio.value)).toEqual(['5', '4', '3', '2', '1']);
    for (const radio of radios) {
      expect(radio.name).toBe('rating');
      expect('required' in radio).toBe(true);
      expect(html).toContain(`<label for="${radio.id}">`);
    }
  });

  it('keeps the star glyphs out of the labels', () => {
    const html = renderReviewFormPage(formView());

    expect(html).toContain('<span class="stars" aria-hidden="true">★★★★☆</span> <span>4 – Good</span>');
  });

  it('carries the token in a hidden field', () => {
    const hidden = startTags(renderReviewFormPage(formView()), 'input').filter((input) => input.type === 'hidden');

    expect(hidden).toEqual([{ type: 'hidden', name: 'token', value: 'tok.123' }]);
  });

  it('describes the limit without cutting text', () => {
    const html = renderReviewFormPage(formView());
    const textarea = startTags(html, 'textarea')[0];

    expect(textarea?.name).toBe('text');
    expect(textarea?.maxlength).toBeUndefined();
    expect(textarea?.['aria-describedby']).toBe('text-hint');
    expect(textOfId(html, 'text-hint')).toBe('Up to 5,000 characters');
  });

  it('greets by first name', () => {
    const html = renderReviewFormPage(formView());

    expect(html).toContain('Hi Maya, how was your experience with Acme Coffee?');
  });

  it('greets without a name', () => {
    const html = renderReviewFormPage(formView({ customerFirstName: '' }));

    expect(html).toContain('Hi, how was your experience with Acme Coffee?');
  });

  it('prefills rating and text', () => {
    const html = renderReviewFormPage(formView({ rating: 2, text: '\nSlow service' }));
    const checked = startTags(html, 'input').filter((input) => 'checked' in input);

    expect(checked.map((input) => input.value)).toEqual(['2']);
    // One newline after `<textarea>` is dropped by the HTML parser, so the text's own newline stays.
    expect(html).toMatch(/<textarea[^>]*>\n\nSlow service<\/textarea>/);
  });

  it('escapes the customer name', () => {
    const html = renderReviewFormPage(formView({ customerFirstName: SCRIPT }));

    expect(html).not.toContain('<script');
    expect(html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;,');
  });

  it('escapes the business name', () => {
    const html = renderReviewFormPage(formView({ businessName: SCRIPT }));

    expect(html).not.toContain('<script');
    expect(html).toContain('<title>Please give your review – &lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  it('escapes the prefilled text', () => {
    const html = renderReviewFormPage(formView({ text: ATTRIBUTE_BREAKOUT }));

    expect(html).not.toContain('<img');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</textarea>');
  });

  it('escapes the token attribute', () => {
    const html = renderReviewFormPage(formView({ token: ATTRIBUTE_BREAKOUT }));

    expect(html).not.toContain('<img');
    expect(html).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it('marks an invalid rating', () => {
    const html = renderReviewFormPage(formView({ errors: { rating: 'Choose a rating from 1 to 5 stars.' } }));
    const fieldset = startTags(html, 'fieldset')[0];

    expect(fieldset?.['aria-invalid']).toBe('true');
    expect(fieldset?.['aria-describedby']).toBe('rating-error');
    expect(textOfId(html, 'rating-error')).toContain('Choose a rating from 1 to 5 stars.');
  });

  it('marks invalid text', () => {
    const html = renderReviewFormPage(formView({ errors: { text: 'The text is too long.' } }));
    const textarea = startTags(html, 'textarea')[0];

    expect(textarea?.['aria-invalid']).toBe('true');
    expect(textarea?.['aria-describedby']).toBe('text-hint text-error');
    expect(textOfId(html, 'text-error')).toContain('The text is too long.');
  });

  it('summarizes errors in an alert', () => {
    const html = renderReviewFormPage(
      formView({ errors: { rating: 'Choose a rating.', text: 'Too long.', form: 'Please try again.' } }),
    );
    const summary = /<div class="error-summary" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';

    expect(summary).toContain('<li>Please try again.</li>');
    expect(summary).toContain('<a href="#rating-5">Choose a rating.</a>');
    expect(summary).toContain('<a href="#text">Too long.</a>');
    expect(html).toContain('<title>Error: Please give your review – Acme Coffee</title>');
  });

  it('escapes error messages', () => {
    const html = renderReviewFormPage(formView({ errors: { form: SCRIPT } }));

    expect(html).not.toContain('<script');
  });

  it('has no error markup when valid', () => {
    // The stylesheet mentions aria-invalid too, so only the markup after it is checked.
    const html = renderReviewFormPage(formView()).split('</style>')[1] ?? '';

    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('role="alert"');
  });
});

describe('renderThankYouPage', () => {
  it('repeats the rating', () => {
    const html = renderThankYouPage({ businessName: 'Acme Coffee', rating: 4 });

    expect(html).toContain('<h1>Thank you for your review</h1>');
    expect(html).toContain('You gave Acme Coffee 4 out of 5 stars (Good).');
    expect(html).toContain('You can close this page now.');
  });

  it('uses the singular for one star', () => {
    const html = renderThankYouPage({ businessName: 'Acme Coffee', rating: 1 });

    expect(html).toContain('1 out of 5 stars (Terrible)');
  });

  it('rejects a rating outside 1-5', () => {
    expect(() => renderThankYouPage({ businessName: 'Acme Coffee', rating: 0 })).toThrow(RangeError);
    expect(() => renderThankYouPage({ businessName: 'Acme Coffee', rating: 2.5 })).toThrow(RangeError);
  });
});

describe('renderErrorPage', () => {
  it('shows title, message and hint', () => {
    const html = renderErrorPage({ title: 'This link has expired', message: 'It is too old.', hint: 'Ask for a new one.' });

    expect(html).toContain('<h1>This link has expired</h1>');
    expect(html).toContain('It is too old.');
    expect(html).toContain('<p>Ask for a new one.</p>');
  });

  it('leaves out the header without a business', () => {
    const html = renderErrorPage({ title: 'Not found', message: 'The link is incomplete.' });

    expect(html).not.toContain('<header');
  });

  it('escapes every field', () => {
    const html = renderErrorPage({ businessName: SCRIPT, title: SCRIPT, message: SCRIPT, hint: SCRIPT });

    expect(html).not.toContain('<script');
  });
});

describe('page shell', () => {
  const pages: Array<[string, string]> = [
    ['review form', renderReviewFormPage(formView({ errors: { rating: 'Choose a rating.' } }))],
    ['thank-you page', renderThankYouPage({ businessName: 'Acme Coffee', rating: 5 })],
    ['error page', renderErrorPage({ title: 'Not found', message: 'The link is incomplete.' })],
    ['outbox page', renderOutboxPage([])],
  ];

  it.each(pages)('%s is a complete document', (_name, html) => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html.match(/<main\b/g)).toHaveLength(1);
    expect(html).toContain('Powered by Starling');
  });

  it.each(pages)('%s has one style and no script', (_name, html) => {
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|\sstyle=|\son\w+=/i);
  });

  it.each(pages)('%s style matches the CSP hash', (_name, html) => {
    const styleText = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(styleText, 'utf8').digest('base64');
    const policy = htmlSecurityHeaders()['Content-Security-Policy'];

    expect(styleText).toBe(PAGE_CSS);
    expect(policy).toContain(`style-src 'sha256-${hash}';`);
  });
});

describe('htmlSecurityHeaders', () => {
  it('sets the page headers', () => {
    const headers = htmlSecurityHeaders();

    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['Cache-Control']).toBe('no-store');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['X-Robots-Tag']).toBe('noindex');
    expect(headers['X-Frame-Options']).toBe('DENY');
  });

  it('allows no script and only self forms', () => {
    const policy = htmlSecurityHeaders()['Content-Security-Policy'] ?? '';

    expect(policy).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; /);
    expect(policy).toContain("img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    expect(policy).not.toContain('script-src');
    expect(policy).not.toContain('unsafe');
  });

  it('returns a new object each call', () => {
    const first = htmlSecurityHeaders();
    first['Cache-Control'] = 'public';

    expect(htmlSecurityHeaders()['Cache-Control']).toBe('no-store');
  });
});

describe('renderOutboxPage', () => {
  const older: OutboxEntry = {
    to: '+1*******32',
    body: 'Hi Maya, how was Acme Coffee?',
    link: 'http://localhost:3000/r/first',
    kind: 'sms',
    sentAt: '2025-05-01T10:00:00.000Z',
  };
  const newer: OutboxEntry = {
    to: 'admin',
    body: 'New 5-star review',
    link: 'https://admin.example/reviews/1',
    kind: 'notification',
    sentAt: '2025-05-01T10:05:00.000Z',
  };

  it('lists newest first', () => {
    const html = renderOutboxPage([older, newer]);

    expect(html.indexOf('New 5-star review')).toBeLessThan(html.indexOf('Hi Maya, how was Acme Coffee?'));
  });

  it('keeps recording order for equal times', () => {
    const html = renderOutboxPage([older, { ...older, body: 'Recorded second' }]);

    expect(html.indexOf('Recorded second')).toBeLessThan(html.indexOf('Hi Maya, how was Acme Coffee?'));
  });

  it('does not reorder the input', () => {
    const entries = [older, newer];
    renderOutboxPage(entries);

    expect(entries).toEqual([older, newer]);
  });

  it('shows kind, recipient and time', () => {
    const html = renderOutboxPage([older]);

    expect(html).toContain('<span class="kind">SMS</span> to +1*******32,');
    expect(html).toContain('<time datetime="2025-05-01T10:00:00.000Z">2025-05-01 10:00:00 UTC</time>');
  });

  it('links http and https links', () => {
    const html = renderOutboxPage([older, newer]);

    expect(html).toContain('<a href="http://localhost:3000/r/first">http://localhost:3000/r/first</a>');
    expect(html).toContain('<a href="https://admin.example/reviews/1">https://admin.example/reviews/1</a>');
  });

  it.each(['javascript:alert(1)', 'data:text/html,hi', '//evil.example/x', 'http:/missing-slash'])(
    'shows %s as plain text',
    (link) => {
      const html = renderOutboxPage([{ ...older, link }]);

      expect(html).not.toContain('<a href');
      expect(html).toContain(`<p class="message-link">${link}</p>`);
    },
  );

  it('escapes message fields', () => {
    const html = renderOutboxPage([{ ...older, to: SCRIPT, body: SCRIPT, link: `https://x.example/${ATTRIBUTE_BREAKOUT}` }]);

    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
  });

  it('explains the page', () => {
    const html = renderOutboxPage([older]);

    expect(html).toContain('<h1>SMS outbox</h1>');
    expect(html).toContain('only exists on the local stack');
    expect(html).toContain('Reload the page to see new messages.');
  });

  it('shows the empty state', () => {
    const html = renderOutboxPage([]);

    expect(html).toContain('No messages yet. Run <code>npx starling invite</code> to send invitations.');
  });
});
