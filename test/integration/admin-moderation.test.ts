import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPhone } from '../../src/core/masking.ts';
import type { Review, StatusChange } from '../../src/core/reviews.ts';
import { createStores } from '../../src/functions/shared/runtime.ts';
import { signInAsAdmin, submitReviewJson } from '../helpers/admin-http.ts';
import type { TestStack } from '../helpers/local-stack.ts';
import { startTestStack } from '../helpers/local-stack.ts';
import type { SeededInvitation } from '../helpers/seed.ts';
import { countReviews, seedInvitation } from '../helpers/seed.ts';

const TIME_ZONE = 'America/Chicago';
const COOKIE = 'starling_admin';
const SCRIPT_TEXT = '<script>alert("review")</script> Lovely cortado';
const HOSTILE_NAME = '<img src=x onerror=alert(1)> Vega';
/** A stack frame as Node prints one, e.g. `at routeAdminRequest (/src/http/admin/router.ts:52:9)`. */
const STACK_FRAME = /\bat .+\.[cm]?[jt]s:\d+/;

/** Texts whose CSV cells need quoting, doubling or a leading `'` against formula injection. */
const CSV_TEXTS = {
  formula: '=SUM(A1:A9)',
  plus: '+1 would visit again',
  minus: '-2 stars for the wait',
  at: '@barista was great',
  quotes: 'He said "wow", then left',
  lines: 'Line one\nLine two',
  semicolon: 'Cheap; cheerful',
} as const;

/** Reviews a customer wrote through the real review form, with the customer and invitation behind them. */
interface SeededReview extends SeededInvitation {
  reviewId: string;
  sentAt: string;
  opened: boolean;
}

interface ErrorBody {
  error: { code: string; message: string };
}

describe('admin moderation on the local stack', () => {
  let stack: TestStack;
  let password: string;
  let session: string;
  let csrf: string;

  beforeAll(async () => {
    process.env.STARLING_TIME_ZONE = TIME_ZONE;
    stack = await startTestStack();
    password = (await readFile(stack.paths.adminPassword, 'utf8')).trim();
    session = await signIn();
    csrf = await readCsrfToken('/admin');
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe('JSON API decisions', () => {
    it('approves with a reason in the history', async () => {
      const { reviewId } = await seedReview('Ana Lima', 5, 'Great flat white.');

      const response = await callApi(`/admin/api/reviews/${reviewId}/approve`, { json: { reason: 'Helpful detail' } });
      const body = (await response.json()) as { review: Review };
      const history = await readHistory(reviewId);

      expect(response.status).toBe(200);
      expect(body.review.status).toBe('approved');
      expect(body.review.moderatedBy).toBe('admin');
      expect(body.review.moderationReason).toBe('Helpful detail');
      expect(body.review).not.toHaveProperty('invitationId');
      expect(history).toEqual([
        { status: 'new', at: body.review.createdAt },
        { status: 'approved', by: 'admin', reason: 'Helpful detail', at: body.review.moderatedAt },
      ]);
      expect(body.review.moderatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('rejects an approved review after it', async () => {
      const { reviewId } = await seedReview('Ben Okoro', 4, 'Good croissant.');
      await callApi(`/admin/api/reviews/${reviewId}/approve`, { json: { reason: 'Fine' } });

      const response = await callApi(`/admin/api/reviews/${reviewId}/reject`, { json: { expectedStatus: 'approved', reason: 'Customer asked to remove it' } });
      const history = await readHistory(reviewId);

      expect(response.status).toBe(200);
      expect(history.map((entry) => [entry.status, entry.by, entry.reason])).toEqual([
        ['new', undefined, undefined],
        ['approved', 'admin', 'Fine'],
        ['rejected', 'admin', 'Customer asked to remove it'],
      ]);
      expect(history[1]?.at.localeCompare(history[2]?.at ?? '')).toBeLessThanOrEqual(0);
      expect((await readReview(reviewId)).moderationReason).toBe('Customer asked to remove it');
    });

    it('rejects approving an approved review', async () => {
      const { reviewId } = await seedReview('Chen Wei', 5, 'Best in town.');
      await callApi(`/admin/api/reviews/${reviewId}/approve`);
      const before = await readReview(reviewId);

      const explicit = await callApi(`/admin/api/reviews/${reviewId}/approve`, { json: { expectedStatus: 'approved' } });
      const explicitBody = (await explicit.json()) as ErrorBody;
      const defaulted = await callApi(`/admin/api/reviews/${reviewId}/approve`);
      const defaultedBody = (await defaulted.json()) as ErrorBody;

      expect(explicit.status).toBe(400);
      expect(explicitBody.error.code).toBe('invalid_field');
      expect(explicitBody.error.message).toBe(`review ${reviewId} is already approved`);
      expect(defaulted.status).toBe(409);
      expect(defaultedBody.error.code).toBe('moderation_conflict');
      expect(defaultedBody.error.message).toContain(`is no longer new: it was approved by admin at ${before.moderatedAt}`);
      expect(await readReview(reviewId)).toEqual(before);
    });

    it('answers a stale expectedStatus with 409', async () => {
      const { reviewId } = await seedReview('Dana Zoë', 3, 'Okay.');
      const before = await readReview(reviewId);

      const response = await callApi(`/admin/api/reviews/${reviewId}/reject`, { json: { expectedStatus: 'approved' } });
      const body = (await response.json()) as ErrorBody;

      expect(response.status).toBe(409);
      expect(body.error.code).toBe('moderation_conflict');
      expect(body.error.message).toContain('is no longer approved: it was new');
      expect(await readReview(reviewId)).toEqual(before);
    });

    it('lets one of two concurrent decisions win', async () => {
      const rounds = await Promise.all(Array.from({ length: 5 }, (_, index) => seedReview(`Racer ${index}`, 4, `Race ${index}`)));

      for (const { reviewId } of rounds) {
        const [approve, reject] = await Promise.all([callApi(`/admin/api/reviews/${reviewId}/approve`), callApi(`/admin/api/reviews/${reviewId}/reject`)]);
        const stored = await readReview(reviewId);
        const winner = approve.status === 200 ? 'approved' : 'rejected';

        expect([approve.status, reject.status].sort()).toEqual([200, 409]);
        expect(stored.status).toBe(winner);
        expect(stored.history).toHaveLength(1);
      }
    });

    it.each([
      ['GET', ''],
      ['POST', '/approve'],
      ['POST', '/reject'],
    ])('answers %s of an unknown id%s with 404', async (method, suffix) => {
      const response = await callApi(`/admin/api/reviews/${'0'.repeat(32)}${suffix}`, { method });
      const body = (await response.json()) as ErrorBody;

      expect(response.status).toBe(404);
      expect(body.error.code).toBe('review_not_found');
      expect(body.error.message).toBe(`no review has the id "${'0'.repeat(32)}"`);
    });

    it.each([
      ['../x', '..%2Fx'],
      ['300 characters', 'a'.repeat(300)],
      ['a NUL byte', '%00'],
      ['upper-case hex', 'A'.repeat(32)],
      ['a quote', "x'%20OR%20'1'%3D'1"],
    ])('answers an id with %s with 404', async (_case, id) => {
      const responses = [
        await callApi(`/admin/api/reviews/${id}`),
        await callApi(`/admin/api/reviews/${id}/approve`, { method: 'POST' }),
        await fetch(`${stack.url}/admin/reviews/${id}`, { headers: { cookie: `${COOKIE}=${session}` }, redirect: 'manual' }),
        await postDecision(id, { decision: 'approve', expectedStatus: 'new' }),
      ];

      for (const response of responses) {
        const body = await response.text();
        expect(response.status, `${response.url} answered ${response.status}`).toBe(404);
        expect(body).not.toMatch(STACK_FRAME);
      }
    });

    it('rejects a reason of 501 characters', async () => {
      const { reviewId } = await seedReview('Eli Stone', 2, 'Slow.');

      const response = await callApi(`/admin/api/reviews/${reviewId}/reject`, { json: { reason: 'x'.repeat(501) } });
      const body = (await response.json()) as ErrorBody;

      expect(response.status).toBe(400);
      expect(body.error.code).toBe('invalid_field');
      expect(body.error.message).toBe('reason must be at most 500 characters, got 501');
      expect((await readReview(reviewId)).status).toBe('new');
    });

    it('accepts a reason of 500 emoji', async () => {
      const { reviewId } = await seedReview('Fay Moss', 5, 'Yes.');

      const response = await callApi(`/admin/api/reviews/${reviewId}/approve`, { json: { reason: '👍'.repeat(500) } });

      expect(response.status).toBe(200);
      expect((await readReview(reviewId)).moderationReason).toBe('👍'.repeat(500));
    });

    it.each([
      ['a bell', 'bad\u0007bell'],
      ['a NUL', 'nul\u0000here'],
      ['an escape sequence', 'red \u001b[31m text'],
      ['a DEL', 'del\u007f'],
    ])('rejects a reason with %s', async (_case, reason) => {
      const { reviewId } = await seedReview('Gil Ray', 1, 'Bad.');

      const response = await callApi(`/admin/api/reviews/${reviewId}/reject`, { json: { reason } });
      const body = (await response.json()) as ErrorBody;

      expect(response.status).toBe(400);
      expect(body.error.message).toBe('reason must not contain control characters');
      expect((await readReview(reviewId)).status).toBe('new');
    });

    it.each([
      ['invalid JSON', '{"reason": ', 'application/json', 400, 'invalid_json'],
      ['a JSON array', '["reason"]', 'application/json', 400, 'invalid_json'],
      ['a reason that is a number', '{"reason": 5}', 'application/json', 400, 'invalid_field'],
      ['an unknown expectedStatus', '{"expectedStatus": "deleted"}', 'application/json', 400, 'invalid_field'],
      ['a text body', 'reason=fine', 'text/plain', 415, 'unsupported_media_type'],
    ])('rejects a body with %s', async (_case, body, contentType, status, code) => {
      const { reviewId } = await seedReview('Hana Ito', 3, 'Fine.');

      const response = await callApi(`/admin/api/reviews/${reviewId}/approve`, { body, contentType });
      const errorBody = (await response.json()) as ErrorBody;

      expect(response.status).toBe(status);
      expect(errorBody.error.code).toBe(code);
      expect(errorBody.error.message).not.toMatch(STACK_FRAME);
      expect((await readReview(reviewId)).status).toBe('new');
    });
  });

  describe('review details', () => {
    let opened: SeededReview;
    let unopened: SeededReview;

    beforeAll(async () => {
      opened = await seedReview(HOSTILE_NAME, 4, SCRIPT_TEXT);
      unopened = await seedReview('Ivo Petrov', 5, 'Never opened, still reviewed.', { opens: false });
    });

    it('shows the customer and the invitation times in the API', async () => {
      const response = await callApi(`/admin/api/reviews/${opened.reviewId}`);
      const text = await response.text();
      const body = JSON.parse(text) as { review: Review; customer: { name: string; maskedPhone: string }; invitation: Record<string, string | undefined> };

      expect(response.status).toBe(200);
      expect(body.customer).toEqual({ name: HOSTILE_NAME, maskedPhone: maskPhone(opened.customer.phone ?? '') });
      expect(body.customer.maskedPhone).toMatch(/^\+1\*{8}\d{2}$/);
      expect(body.invitation.sentAt).toBe(opened.sentAt);
      expect(body.invitation.openedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(body.invitation.answeredAt).toBe(body.review.createdAt);
      expect(text).not.toContain(opened.customer.phone);
      expect(text).not.toContain(opened.invitationId);
    });

    it('shows the customer and the invitation times on the page', async () => {
      const review = await readReview(opened.reviewId);
      const invitation = await createStores(process.env).invitations.get(opened.invitationId);

      const html = await readPage(`/admin/reviews/${opened.reviewId}`);

      expect(html).toContain(`<dt>Phone</dt><dd>${maskPhone(opened.customer.phone ?? '')}</dd>`);
      expect(html).toContain(`<dt>Invitation sent</dt><dd>${localTime(opened.sentAt)}</dd>`);
      expect(html).toContain(`<dt>Link opened</dt><dd>${localTime(invitation?.openedAt ?? '')}</dd>`);
      expect(html).toContain(`<dt>Answered</dt><dd>${localTime(review.createdAt)}</dd>`);
      expect(html).not.toContain(opened.customer.phone);
      expect(html).not.toContain(opened.token);
    });

    it('counts a posted review as opened', async () => {
      const html = await readPage(`/admin/reviews/${unopened.reviewId}`);
      const opened = /<dt>Link opened<\/dt><dd>([^<]+)<\/dd>/.exec(html)?.[1];
      const answered = /<dt>Answered<\/dt><dd>([^<]+)<\/dd>/.exec(html)?.[1];

      expect(html).toContain('<dt>Customer</dt><dd>Ivo Petrov</dd>');
      expect(opened).not.toBe('–');
      expect(opened).toBe(answered);
    });

    it('escapes markup on the review page', async () => {
      const html = await readPage(`/admin/reviews/${opened.reviewId}`);

      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;script&gt;alert(&quot;review&quot;)&lt;/script&gt; Lovely cortado');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Vega');
    });

    it('escapes markup in the queue', async () => {
      const html = await readPage('/admin?status=new&limit=100');

      expect(html).toContain(`href="/admin/reviews/${opened.reviewId}"`);
      expect(html).not.toContain('<script>alert');
      expect(html).toContain('&lt;script&gt;alert(&quot;review&quot;)&lt;/script&gt; Lovely cortado');
    });
  });

  describe('page forms', () => {
    it('approves with a reason and shows the notice', async () => {
      const { reviewId } = await seedReview('Jon Berg', 5, 'Friendly staff.');

      const response = await postDecision(reviewId, { decision: 'approve', expectedStatus: 'new', reason: 'Kind words <b>here</b>' });
      const html = await readPage(response.headers.get('location') ?? '');

      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/admin/reviews/${reviewId}?done=approved`);
      expect(html).toContain('Review approved.');
      expect(html).toContain('Kind words &lt;b&gt;here&lt;/b&gt;');
      expect(html).not.toContain('<b>here');
      expect(await readHistory(reviewId)).toEqual([
        { status: 'new', at: (await readReview(reviewId)).createdAt },
        { status: 'approved', by: 'admin', reason: 'Kind words <b>here</b>', at: (await readReview(reviewId)).moderatedAt },
      ]);
    });

    it('shows a conflict page when the status changed', async () => {
      const { reviewId } = await seedReview('Kai Lund', 2, 'Cold soup.');
      await callApi(`/admin/api/reviews/${reviewId}/reject`);
      const before = await readReview(reviewId);

      const response = await postDecision(reviewId, { decision: 'approve', expectedStatus: 'new' });
      const html = await response.text();

      expect(response.status).toBe(409);
      expect(html).toContain('Nothing was changed: while you were deciding, admin marked this review rejected');
      expect(await readReview(reviewId)).toEqual(before);
    });

    it('keeps the typed reason when it is too long', async () => {
      const { reviewId } = await seedReview('Lia Noor', 3, 'Average.');
      const reason = `${'y'.repeat(495)} <i>!!`;

      const response = await postDecision(reviewId, { decision: 'reject', expectedStatus: 'new', reason });
      const html = await response.text();

      expect(response.status).toBe(400);
      expect(html).toContain('Reason must be at most 500 characters, got 501');
      expect(html).toContain(`${'y'.repeat(495)} &lt;i&gt;!!</textarea>`);
      expect((await readReview(reviewId)).status).toBe('new');
    });

    it('rejects a decision that is neither approve nor reject', async () => {
      const { reviewId } = await seedReview('Max Roth', 3, 'Meh.');

      const response = await postDecision(reviewId, { decision: 'delete', expectedStatus: 'new' });

      expect(response.status).toBe(400);
      expect(await response.text()).toContain('Decision must be &quot;approve&quot; or &quot;reject&quot;, got &quot;delete&quot;');
      expect((await readReview(reviewId)).status).toBe('new');
    });
  });

  describe('CSV export', () => {
    const ids = new Map<string, string>();

    beforeAll(async () => {
      for (const [key, text] of Object.entries(CSV_TEXTS)) {
        ids.set(key, (await seedReview(`CSV ${key}`, 4, text)).reviewId);
      }

      await callApi(`/admin/api/reviews/${ids.get('quotes')}/approve`, { json: { reason: '=cmd|" /C calc"!A0' } });
    });

    it('writes RFC 4180 with a byte order mark', async () => {
      const response = await callApi('/admin/api/export');
      const bytes = Buffer.from(await response.arrayBuffer());
      const raw = bytes.subarray(3).toString('utf8');
      const outsideQuotes = raw.replace(/"(?:[^"]|"")*"/g, '');

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="starling-reviews-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(raw.startsWith('review_id,created_at,status,rating,text,customer_name,moderated_by,moderated_at,moderation_reason\r\n')).toBe(true);
      expect(raw.endsWith('\r\n')).toBe(true);
      expect(outsideQuotes).not.toMatch(/[^\r]\n/);
      expect(raw).toContain(`,"He said ""wow"", then left",`);
      expect(raw).toContain(`,"Line one\nLine two",`);
      expect(raw).toContain(`,"Cheap; cheerful",`);
    });

    it('parses back to the stored texts, neutralized', async () => {
      const response = await callApi('/admin/api/export');
      const rows = parse(Buffer.from(await response.arrayBuffer()), { bom: true, columns: true }) as Record<string, string>[];
      const byId = new Map(rows.map((row) => [row.review_id, row]));

      expect(rows).toHaveLength(await countReviews());
      expect(new Set(rows.map((row) => row.review_id)).size).toBe(rows.length);
      for (const [key, text] of Object.entries(CSV_TEXTS)) {
        const expected = /^[=+\-@]/.test(text) ? `'${text}` : text;
        expect(byId.get(ids.get(key) ?? '')?.text, key).toBe(expected);
      }

      expect(byId.get(ids.get('quotes') ?? '')?.moderation_reason).toBe(`'=cmd|" /C calc"!A0`);
      expect(byId.get(ids.get('formula') ?? '')?.customer_name).toBe('CSV formula');
      for (const review of await readAllReviews()) {
        const expected = /^[=+\-@]/.test(review.text) ? `'${review.text}` : review.text;
        expect(byId.get(review.reviewId)?.text).toBe(expected);
        expect(byId.get(review.reviewId)?.status).toBe(review.status);
      }
    });

    it('exports one status', async () => {
      const response = await callApi('/admin/api/export?status=approved');
      const rows = parse(Buffer.from(await response.arrayBuffer()), { bom: true, columns: true }) as Record<string, string>[];
      const approved = (await readAllReviews()).filter((review) => review.status === 'approved');

      expect(rows.map((row) => row.review_id).sort()).toEqual(approved.map((review) => review.reviewId).sort());
      expect(rows.every((row) => row.status === 'approved')).toBe(true);
    });

    it('names an invalid status', async () => {
      const response = await callApi('/admin/api/export?status=pending');
      const body = (await response.json()) as ErrorBody;

      expect(response.status).toBe(400);
      expect(body.error.message).toContain('got "pending"');
    });
  });

  describe('queue filters', () => {
    beforeAll(async () => {
      const { reviews } = createStores(process.env);
      for (const review of FILTER_REVIEWS) {
        await reviews.createOnce(review);
      }
    });

    it.each([
      ['every status in March', 'from=2025-03-01&to=2025-03-31', [4, 2, 0, 6, 5, 3, 1], { new: 3, approved: 2, rejected: 2 }],
      ['approved in March', 'status=approved&from=2025-03-01&to=2025-03-31', [6, 1], { new: 3, approved: 2, rejected: 2 }],
      ['rejected in March', 'status=rejected&from=2025-03-01&to=2025-03-31', [5, 3], { new: 3, approved: 2, rejected: 2 }],
      ['a rating list', 'rating=4,5&from=2025-03-01&to=2025-03-31', [2, 0, 5, 1], { new: 2, approved: 1, rejected: 1 }],
      ['a repeated rating key', 'rating=4&rating=5&from=2025-03-01&to=2025-03-31', [2, 0, 5, 1], { new: 2, approved: 1, rejected: 1 }],
      ['one rating and status', 'status=new&rating=1&from=2025-03-01&to=2025-03-31', [4], { new: 1, approved: 0, rejected: 0 }],
      ['the last hour of a local day', 'from=2025-03-05&to=2025-03-05', [2], { new: 1, approved: 0, rejected: 0 }],
      ['the first hour of a local day', 'from=2025-03-06&to=2025-03-06', [3], { new: 0, approved: 0, rejected: 1 }],
      ['only an end day', 'to=2025-03-03', [0], { new: 1, approved: 0, rejected: 0 }],
      ['a day in daylight saving time', 'from=2025-03-10&to=2025-03-10', [6], { new: 0, approved: 1, rejected: 0 }],
    ])('lists %s', async (_case, query, expected, counts) => {
      const response = await callApi(`/admin/api/reviews?${query}&limit=100`);
      const body = (await response.json()) as { reviews: Review[]; counts: Record<string, number>; nextCursor?: string };

      expect(response.status).toBe(200);
      expect(body.reviews.map((review) => review.reviewId)).toEqual(expected.map(filterReviewId));
      expect(body.counts).toEqual(counts);
      expect(body.nextCursor).toBeUndefined();
    });

    it('pages through a filter exactly once', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const response = await callApi(`/admin/api/reviews?from=2025-03-01&to=2025-03-31&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        const body = (await response.json()) as { reviews: Review[]; nextCursor?: string };
        expect(response.status).toBe(200);
        expect(body.reviews.length).toBeLessThanOrEqual(2);
        seen.push(...body.reviews.map((review) => review.reviewId));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);

      expect(seen).toEqual([4, 2, 0, 6, 5, 3, 1].map(filterReviewId));
      expect(pages).toBe(4);
    });

    it('shows the filtered counts on the dashboard', async () => {
      const html = await readPage('/admin?status=new&rating=5&from=2025-03-01&to=2025-03-31');

      expect(html).toContain('All (2)</a>');
      expect(html).toContain('New (2)</a>');
      expect(html).toContain('Approved (0)</a>');
      expect(html).toContain('Rejected (0)</a>');
      expect(html).toContain(`href="/admin/reviews/${filterReviewId(0)}"`);
      expect(html).toContain(`href="/admin/reviews/${filterReviewId(2)}"`);
      expect(html).not.toContain(`href="/admin/reviews/${filterReviewId(4)}"`);
    });

    it.each([
      ['status=deleted', 'status', '"deleted"'],
      ['rating=7', 'rating', '"7"'],
      ['rating=4.5', 'rating', '"4.5"'],
      ['rating=4,x', 'rating', '"x"'],
      ['from=2025-02-30', 'from', '"2025-02-30"'],
      ['to=03%2F05%2F2025', 'to', '"03/05/2025"'],
      ['from=2025-03-10&to=2025-03-01', 'to', '2025-03-01'],
      ['limit=0', 'limit', '"0"'],
      ['limit=101', 'limit', '"101"'],
      ['limit=ten', 'limit', '"ten"'],
    ])('rejects %s naming the field and value', async (query, field, value) => {
      const response = await callApi(`/admin/api/reviews?${query}`);
      const body = (await response.json()) as ErrorBody;

      expect(response.status).toBe(400);
      expect(body.error.code).toBe('invalid_field');
      expect(body.error.message.startsWith(`${field} `)).toBe(true);
      expect(body.error.message).toContain(value);
    });

    it.each([
      ['text that is not a cursor', 'not-a-cursor'],
      ['a JSON array', base64url('[]')],
      ['an unknown status', base64url('{"deleted":{}}')],
      ['a position that is not a review', base64url('{"new":{"reviewId":"x","createdAt":"y"}}')],
      ['an upper-case review id', base64url(`{"new":{"reviewId":"${'A'.repeat(32)}","createdAt":"2025-03-01T00:00:00.000Z"}}`)],
      ['a time without milliseconds', base64url(`{"new":{"reviewId":"${'a'.repeat(32)}","createdAt":"2025-03-01T00:00:00Z"}}`)],
    ])('rejects a cursor of %s', async (_case, cursor) => {
      const response = await callApi(`/admin/api/reviews?cursor=${cursor}`);
      const body = (await response.json()) as ErrorBody;
      const page = await fetch(`${stack.url}/admin?cursor=${cursor}`, { headers: { cookie: `${COOKIE}=${session}` } });

      expect(response.status).toBe(400);
      expect(body.error.message.startsWith('cursor ')).toBe(true);
      expect(page.status).toBe(400);
      expect(await page.text()).not.toMatch(STACK_FRAME);
    });
  });

  /** Stores a customer and invitation, marks the SMS sent, opens the link unless `opens` is false, and submits a review. */
  async function seedReview(name: string, rating: number, text: string, options: { opens?: boolean } = {}): Promise<SeededReview> {
    const seeded = await seedInvitation(stack, { name, firstName: name.split(' ')[0] });
    const sentAt = new Date(Date.now() - 60_000).toISOString();
    await createStores(process.env).invitations.markSent(seeded.invitationId, `msg-${seeded.invitationId}`, sentAt);

    const opens = options.opens ?? true;
    if (opens) {
      expect((await fetch(`${stack.url}/review?token=${seeded.token}`)).status).toBe(200);
    }

    const reviewId = await submitReviewJson(stack.url, seeded.token, rating, text);
    return { ...seeded, reviewId, sentAt, opened: opens };
  }

  function callApi(path: string, init: { method?: string; json?: unknown; body?: string; contentType?: string } = {}): Promise<Response> {
    const method = init.method ?? (init.json !== undefined || init.body !== undefined || /\/(approve|reject)$/.test(path) ? 'POST' : 'GET');
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` };
    if (body !== undefined) {
      headers['content-type'] = init.contentType ?? 'application/json';
    }

    return fetch(`${stack.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  }

  /** Posts the review page's decision form with the session's CSRF token, as the browser does. */
  function postDecision(reviewId: string, fields: Record<string, string>): Promise<Response> {
    return fetch(`${stack.url}/admin/reviews/${reviewId}/moderate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${COOKIE}=${session}`, origin: stack.url, 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ csrf, ...fields }).toString(),
      redirect: 'manual',
    });
  }

  async function readPage(path: string): Promise<string> {
    const response = await fetch(`${stack.url}${path}`, { headers: { cookie: `${COOKIE}=${session}` }, redirect: 'manual' });
    if (response.status !== 200) {
      throw new Error(`${path} returned ${response.status}`);
    }

    return response.text();
  }

  async function readCsrfToken(path: string): Promise<string> {
    const token = /name="csrf" value="([^"]+)"/.exec(await readPage(path))?.[1];
    if (!token) {
      throw new Error(`${path} has no CSRF token`);
    }

    return token;
  }

  async function readHistory(reviewId: string): Promise<StatusChange[]> {
    const response = await callApi(`/admin/api/reviews/${reviewId}`);
    return ((await response.json()) as { history: StatusChange[] }).history;
  }

  function signIn(): Promise<string> {
    return signInAsAdmin(stack.url, password);
  }
});

/**
 * Reviews written straight into the table for the filter tests. No other review of this file is
 * from March 2025. Chicago is UTC-6 until 9 March 2025 and UTC-5 after it.
 */
const FILTER_REVIEWS: Review[] = [
  { createdAt: '2025-03-03T15:00:00.000Z', rating: 5, status: 'new' }, // 09:00 on 3 March in Chicago
  { createdAt: '2025-03-04T18:00:00.000Z', rating: 4, status: 'approved' },
  { createdAt: '2025-03-06T05:30:00.000Z', rating: 5, status: 'new' }, // 23:30 on 5 March
  { createdAt: '2025-03-06T06:30:00.000Z', rating: 2, status: 'rejected' }, // 00:30 on 6 March
  { createdAt: '2025-03-07T21:00:00.000Z', rating: 1, status: 'new' },
  { createdAt: '2025-03-08T16:00:00.000Z', rating: 4, status: 'rejected' },
  { createdAt: '2025-03-10T15:00:00.000Z', rating: 3, status: 'approved' }, // 10:00 on 10 March, daylight saving time
].map((review, index) => ({
  ...review,
  status: review.status as Review['status'],
  reviewId: filterReviewId(index),
  invitationId: `filter-invitation-${index}`,
  customerId: `cus_filter_${index}`,
  text: `Filter review ${index}`,
  ...(review.status === 'new' ? {} : { moderatedBy: 'admin', moderatedAt: review.createdAt, history: [{ status: review.status as Review['status'], by: 'admin', at: review.createdAt }] }),
}));

function filterReviewId(index: number): string {
  return index.toString(16).padStart(32, 'f');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Formats a time as the admin pages do: in the business's zone, day before month. */
function localTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(iso));
}

async function readReview(reviewId: string): Promise<Review> {
  const review = await createStores(process.env).reviews.get(reviewId);
  if (!review) {
    throw new Error(`review ${reviewId} is not stored`);
  }

  return review;
}

async function readAllReviews(): Promise<Review[]> {
  const { reviews } = createStores(process.env);
  const all: Review[] = [];
  let cursor: string | undefined;
  do {
    const page = await reviews.scanPage(cursor);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);

  return all;
}
