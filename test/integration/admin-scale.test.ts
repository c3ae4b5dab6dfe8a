import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BatchWriteCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../src/adapters/dynamodb/document-client.ts';
import { INDEX } from '../../src/adapters/dynamodb/table-definitions.ts';
import { localDay, weekStartOf } from '../../src/core/admin/calendar.ts';
import type { AdminStats } from '../../src/core/admin/stats.ts';
import type { Invitation } from '../../src/core/invitations.ts';
import type { Review, ReviewStatus } from '../../src/core/reviews.ts';
import { LOCAL_TABLES } from '../../src/local/environment.ts';
import type { TestStack } from '../helpers/local-stack.ts';
import { startTestStack } from '../helpers/local-stack.ts';

const TIME_ZONE = 'America/Chicago';
const REVIEW_COUNT = 800;
/** About 2.5 KB per review, so the 520 new ones alone fill more than one 1 MB query page. */
const TEXT_LENGTH = 2400;
/** Minutes between consecutive reviews: 800 of them span about six weeks, inside the 12 weekly bars. */
const SPACING_MINUTES = 73;
const HOUR_MS = 3_600_000;
/** Each test took under 1 s in local runs (dynalite 4.0.0, Node 20); the timeout leaves room for slow CI runners. */
const SCALE_TIMEOUT_MS = 60_000;

interface ReviewPage {
  reviews: Review[];
  nextCursor?: string;
  counts: Record<ReviewStatus, number>;
}

describe('admin numbers past one DynamoDB page', () => {
  let stack: TestStack;
  let authorization: string;
  const now = new Date();
  const reviews = buildReviews(now);
  const invitations = buildInvitations(reviews);

  beforeAll(async () => {
    process.env.STARLING_TIME_ZONE = TIME_ZONE;
    stack = await startTestStack();
    authorization = `Basic ${Buffer.from(`admin:${(await readFile(stack.paths.adminPassword, 'utf8')).trim()}`).toString('base64')}`;

    const client = createDocumentClient();
    await batchWrite(client, LOCAL_TABLES.reviews, reviews);
    await batchWrite(client, LOCAL_TABLES.invitations, invitations);
  }, 2 * SCALE_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.close();
  });

  it('stores more than one page of reviews', async () => {
    const client = createDocumentClient();
    const bytes = reviews.reduce((sum, review) => sum + Buffer.byteLength(JSON.stringify(review)), 0);

    const scan = await client.send(new ScanCommand({ TableName: LOCAL_TABLES.reviews }));
    const newCount = await client.send(
      new QueryCommand({
        TableName: LOCAL_TABLES.reviews,
        IndexName: INDEX.reviewsByStatus,
        KeyConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': 'new' },
        Select: 'COUNT',
      }),
    );

    expect(bytes).toBeGreaterThan(1.2 * 1024 * 1024);
    expect(scan.LastEvaluatedKey).toBeDefined();
    expect(newCount.LastEvaluatedKey).toBeDefined();
    expect(newCount.Count).toBeLessThan(countWhere(reviews, (review) => review.status === 'new'));
  });

  it(
    'computes exact stats',
    async () => {
      const stats = await getJson<AdminStats>('/admin/api/stats');
      const ratings = reviews.map((review) => review.rating);
      const sent = invitations.filter((invitation) => invitation.kind === 'invitation' && (invitation.status === 'sent' || invitation.status === 'unconfirmed'));

      expect(stats.reviews.total).toBe(REVIEW_COUNT);
      expect(stats.reviews.byStatus).toEqual(statusCounts(reviews));
      expect(stats.reviews.distribution).toEqual([1, 2, 3, 4, 5].map((stars) => countWhere(reviews, (review) => review.rating === stars)));
      expect(stats.reviews.averageRating).toBeCloseTo(ratings.reduce((sum, rating) => sum + rating, 0) / ratings.length, 12);
      expect(stats.invitations.sent).toBe(sent.length);
      expect(stats.invitations.opened).toBe(countWhere(sent, (invitation) => invitation.openedAt !== undefined));
      expect(stats.invitations.answered).toBe(REVIEW_COUNT);
      expect(stats.invitations.responseRate).toBeCloseTo(REVIEW_COUNT / sent.length, 12);
      expect(stats.weekly.map((week) => week.reviews)).toEqual(stats.weekly.map((week) => countWhere(reviews, (review) => weekOf(review.createdAt) === week.weekStart)));
      expect(stats.weekly.map((week) => week.invitationsSent)).toEqual(stats.weekly.map((week) => countWhere(sent, (invitation) => weekOf(invitation.sentAt ?? invitation.createdAt) === week.weekStart)));
      expect(stats.weekly.reduce((sum, week) => sum + week.reviews, 0)).toBe(REVIEW_COUNT);
    },
    SCALE_TIMEOUT_MS,
  );

  it.each([
    ['no filter', '', () => true],
    ['five stars', 'rating=5', (review: Review) => review.rating === 5],
    ['one or two stars', 'rating=1,2', (review: Review) => review.rating <= 2],
    ['two middle weeks', `from=${dayBefore(now, 21)}&to=${dayBefore(now, 8)}`, (review: Review) => isBetween(localDay(new Date(review.createdAt), TIME_ZONE), dayBefore(now, 21), dayBefore(now, 8))],
  ])(
    'counts every status exactly with %s',
    async (_case, query, matches) => {
      const page = await getJson<ReviewPage>(`/admin/api/reviews?limit=1&${query}`);

      expect(page.counts).toEqual(statusCounts(reviews.filter(matches)));
    },
    SCALE_TIMEOUT_MS,
  );

  it.each([
    ['every review', '', () => true],
    ['five-star reviews', 'rating=5', (review: Review) => review.rating === 5],
    ['approved reviews', 'status=approved', (review: Review) => review.status === 'approved'],
  ])(
    'pages through %s exactly once in queue order',
    async (_case, query, matches) => {
      const expected = reviews.filter(matches).sort(queueOrder);

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await getJson<ReviewPage>(`/admin/api/reviews?limit=100&${query}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.reviews.length).toBeLessThanOrEqual(100);
        seen.push(...page.reviews.map((review) => review.reviewId));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages <= REVIEW_COUNT / 100 + 1);

      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toHaveLength(expected.length);
      expect(seen).toEqual(expected.map((review) => review.reviewId));
      expect(pages).toBe(Math.ceil(expected.length / 100));
    },
    SCALE_TIMEOUT_MS,
  );

  it(
    'exports one row per review',
    async () => {
      const response = await fetch(`${stack.url}/admin/api/export`, { headers: { authorization } });
      const rows = parse(Buffer.from(await response.arrayBuffer()), { bom: true, columns: true }) as Record<string, string>[];
      const byId = new Map(reviews.map((review) => [review.reviewId, review]));

      expect(response.status).toBe(200);
      expect(rows).toHaveLength(REVIEW_COUNT);
      expect(new Set(rows.map((row) => row.review_id)).size).toBe(REVIEW_COUNT);
      expect(rows.map((row) => row.review_id)).toEqual([...reviews].sort(queueOrder).map((review) => review.reviewId));
      expect(rows.every((row) => row.text === byId.get(row.review_id ?? '')?.text)).toBe(true);
    },
    SCALE_TIMEOUT_MS,
  );

  async function getJson<T>(path: string): Promise<T> {
    const response = await fetch(`${stack.url}${path}`, { headers: { authorization } });
    if (response.status !== 200) {
      throw new Error(`${path} returned ${response.status}: ${await response.text()}`);
    }

    return (await response.json()) as T;
  }
});

/**
 * Builds the reviews, newest first: 65% new, 20% approved, 15% rejected, ratings spread by a
 * hash of the index. Every 97th review shares its time with the one before, so equal times occur.
 */
function buildReviews(now: Date): Review[] {
  const reviews: Review[] = [];
  for (let index = 0; index < REVIEW_COUNT; index += 1) {
    const slot = index % 20;
    let status: ReviewStatus = 'new';
    if (slot >= 17) {
      status = 'rejected';
    } else if (slot >= 13) {
      status = 'approved';
    }

    const previous = reviews[index - 1];
    const createdAt = index % 97 === 0 && previous ? previous.createdAt : new Date(now.getTime() - HOUR_MS - index * SPACING_MINUTES * 60_000).toISOString();
    // Every tenth text needs CSV quoting, so the export is parsed back with quotes and line breaks in bulk.
    const opening = index % 10 === 0 ? `Review ${index}: "quoted", and\na second line. ` : `Review ${index}: `;

    reviews.push({
      reviewId: hexId(`scale-review-${index}`),
      invitationId: hexId(`scale-invitation-${index}`),
      customerId: `cus_scale_${index}`,
      rating: (hashByte(`rating-${index}`) % 5) + 1,
      text: opening.padEnd(TEXT_LENGTH, ' Lorem ipsum dolor sit amet, consectetur adipiscing elit.'),
      status,
      createdAt,
      ...(status === 'new' ? {} : moderation(status, createdAt)),
    });
  }

  return reviews;
}

function moderation(status: ReviewStatus, createdAt: string): Partial<Review> {
  const moderatedAt = new Date(Date.parse(createdAt) + HOUR_MS).toISOString();
  return { moderatedBy: 'admin', moderatedAt, history: [{ status, by: 'admin', at: moderatedAt }] };
}

/**
 * Builds one sent and opened invitation per review, plus unanswered invitations that count as sent
 * (some opened, some unconfirmed) and ones that must not count: failed, pending and reminders.
 */
function buildInvitations(reviews: Review[]): Invitation[] {
  const answered = reviews.map((review): Invitation => {
    const sentAt = new Date(Date.parse(review.createdAt) - 2 * HOUR_MS).toISOString();
    return { ...invitation(review.invitationId, review.customerId, sentAt, 'sent', 'invitation'), sentAt, openedAt: new Date(Date.parse(sentAt) + HOUR_MS).toISOString(), usedAt: review.createdAt };
  });

  const extra: Invitation[] = [];
  const kinds: [number, Invitation['status'], Invitation['kind']][] = [
    [150, 'sent', 'invitation'],
    [10, 'unconfirmed', 'invitation'],
    [30, 'failed', 'invitation'],
    [20, 'pending', 'invitation'],
    [25, 'sent', 'reminder'],
  ];
  for (const [count, status, kind] of kinds) {
    for (let index = 0; index < count; index += 1) {
      const createdAt = new Date(Date.now() - (index + 1) * 5 * HOUR_MS).toISOString();
      const record = invitation(hexId(`scale-extra-${status}-${kind}-${index}`), `cus_extra_${index}`, createdAt, status, kind);
      extra.push(status === 'sent' ? { ...record, sentAt: createdAt, ...(index % 3 === 0 ? { openedAt: createdAt } : {}) } : record);
    }
  }

  return [...answered, ...extra];
}

function invitation(invitationId: string, customerId: string, createdAt: string, status: Invitation['status'], kind: Invitation['kind']): Invitation {
  return { invitationId, customerId, createdAt, expiresAt: new Date(Date.parse(createdAt) + 7 * 24 * HOUR_MS).toISOString(), status, kind };
}

/** Writes items 25 at a time, the BatchWriteItem maximum, and writes again what the server left unprocessed. */
async function batchWrite(client: DynamoDBDocumentClient, tableName: string, items: object[]): Promise<void> {
  const batches: object[][] = [];
  for (let start = 0; start < items.length; start += 25) {
    batches.push(items.slice(start, start + 25));
  }

  const writeBatch = async (batch: object[]) => {
    let requests = batch.map((item) => ({ PutRequest: { Item: item as Record<string, unknown> } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt === 5) {
        throw new Error(`${requests.length} items of ${tableName} stayed unprocessed after 5 attempts`);
      }

      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  };

  // A few batches in flight at once keep the local server busy without queueing hundreds of requests.
  for (let start = 0; start < batches.length; start += 4) {
    await Promise.all(batches.slice(start, start + 4).map(writeBatch));
  }
}

/** Compares reviews in the queue's order: new first, then approved and rejected together, each newest first, then by id. */
function queueOrder(a: Review, b: Review): number {
  const rank = (review: Review) => (review.status === 'new' ? 0 : 1);
  return rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt) || b.reviewId.localeCompare(a.reviewId);
}

function statusCounts(reviews: Review[]): Record<ReviewStatus, number> {
  return {
    new: countWhere(reviews, (review) => review.status === 'new'),
    approved: countWhere(reviews, (review) => review.status === 'approved'),
    rejected: countWhere(reviews, (review) => review.status === 'rejected'),
  };
}

function countWhere<T>(items: T[], matches: (item: T) => boolean): number {
  return items.filter(matches).length;
}

function weekOf(iso: string): string {
  return weekStartOf(new Date(iso), TIME_ZONE);
}

function dayBefore(now: Date, days: number): string {
  return localDay(new Date(now.getTime() - days * 24 * HOUR_MS), TIME_ZONE);
}

function isBetween(day: string, from: string, to: string): boolean {
  return day >= from && day <= to;
}

function hexId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}

function hashByte(seed: string): number {
  return createHash('sha256').update(seed).digest()[0] ?? 0;
}
