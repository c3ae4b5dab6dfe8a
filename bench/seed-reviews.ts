import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../src/adapters/dynamodb/document-client.ts';
import type { Customer } from '../src/core/customers.ts';
import type { Invitation } from '../src/core/invitations.ts';
import type { Review, ReviewStatus } from '../src/core/reviews.ts';
import { reviewIdFor } from '../src/core/reviews.ts';
import { resolveDataPaths } from '../src/local/data-dir.ts';
import { LOCAL_TABLES, applyLocalEnvironment } from '../src/local/environment.ts';
import type { StackState } from '../src/local/stack-state.ts';
import { benchCustomer } from './seed-customers.ts';

/** DynamoDB accepts at most 25 puts in one BatchWriteItem. */
const BATCH_SIZE = 25;
const PARALLEL_BATCHES = 4;
const HOUR_MS = 60 * 60 * 1000;
const SPAN_MS = 26 * 7 * 24 * HOUR_MS;
const MAX_TEXT_LENGTH = 600;

/** Cumulative shares of 1 to 5 stars: 5%, 4%, 8%, 23% and 60%, an assumed mix that leans to 4 and 5 stars. */
const RATING_SHARES = [0.05, 0.09, 0.17, 0.4, 1];
const WORDS = ['great', 'service', 'friendly', 'staff', 'quick', 'delivery', 'the', 'order', 'was', 'and', 'very', 'helpful', 'would', 'recommend', 'price', 'quality', 'late', 'again', 'thanks', 'shop'];

/**
 * Stores `count` reviews in a running local stack, each with its customer and the first invitation
 * whose link it came from, as the review flow leaves them. Ratings lean to 4 and 5 stars, texts run from empty
 * to 600 characters, 30% are new, 60% approved and 10% rejected, and `createdAt` spreads evenly
 * over the last 26 weeks. A fixed seed makes every run store the same data.
 */
export async function seedReviews(dataDir: string, state: StackState, count: number, now = new Date()): Promise<void> {
  applyLocalEnvironment(resolveDataPaths({ STARLING_DATA_DIR: dataDir }), { dynamodb: state.dynamodbEndpoint, sns: state.snsEndpoint, publicUrl: state.url ?? '' });
  const client = createDocumentClient();
  const random = seededRandom(count);

  const customers: Customer[] = [];
  const invitations: Invitation[] = [];
  const reviews: Review[] = [];
  for (let index = 0; index < count; index += 1) {
    const createdAt = new Date(now.getTime() - random() * SPAN_MS);
    const customer = benchCustomer(index, new Date(createdAt.getTime() - 30 * 24 * HOUR_MS));
    const invitation = answeredInvitation(index, customer.customerId, createdAt, random);
    customers.push(customer);
    invitations.push(invitation);
    reviews.push(benchReview(invitation, createdAt, random));
  }

  try {
    await writeAll(client, LOCAL_TABLES.customers, customers);
    await writeAll(client, LOCAL_TABLES.invitations, invitations);
    await writeAll(client, LOCAL_TABLES.reviews, reviews);
  } finally {
    client.destroy();
  }
}

/** Builds a first invitation sent up to three days before the review, then opened, and used by the review. */
function answeredInvitation(index: number, customerId: string, reviewedAt: Date, random: () => number): Invitation {
  const sentAt = new Date(reviewedAt.getTime() - random() * 72 * HOUR_MS);
  const openedAt = new Date(sentAt.getTime() + random() * (reviewedAt.getTime() - sentAt.getTime()));
  return {
    invitationId: index.toString(16).padStart(32, '0'),
    customerId,
    status: 'sent',
    kind: 'invitation',
    runId: `bench-${sentAt.toISOString().slice(0, 10)}`,
    createdAt: sentAt.toISOString(),
    sentAt: sentAt.toISOString(),
    expiresAt: new Date(sentAt.getTime() + 7 * 24 * HOUR_MS).toISOString(),
    messageId: `bench-message-${index}`,
    openedAt: openedAt.toISOString(),
    usedAt: reviewedAt.toISOString(),
  };
}

function benchReview(invitation: Invitation, createdAt: Date, random: () => number): Review {
  const review: Review = {
    reviewId: reviewIdFor(invitation.invitationId),
    invitationId: invitation.invitationId,
    customerId: invitation.customerId,
    rating: drawRating(random()),
    text: reviewText(random),
    status: 'new',
    createdAt: createdAt.toISOString(),
  };

  const status = drawStatus(random());
  if (status === 'new') {
    return review;
  }

  const moderatedAt = new Date(createdAt.getTime() + random() * 48 * HOUR_MS).toISOString();
  const reason = status === 'rejected' ? 'Contains personal details' : undefined;
  return {
    ...review,
    status,
    moderatedBy: 'admin',
    moderatedAt,
    ...(reason ? { moderationReason: reason } : {}),
    history: [{ status, at: moderatedAt, by: 'admin', ...(reason ? { reason } : {}) }],
  };
}

/** Maps a uniform draw from [0, 1) to a status: 30% new, 60% approved, 10% rejected. */
function drawStatus(draw: number): ReviewStatus {
  if (draw < 0.3) {
    return 'new';
  }

  return draw < 0.9 ? 'approved' : 'rejected';
}

/** Maps a uniform draw from [0, 1) to 1 to 5 stars by `RATING_SHARES`. */
function drawRating(draw: number): number {
  const index = RATING_SHARES.findIndex((share) => draw < share);
  return index < 0 ? 5 : index + 1;
}

/** Returns an empty text for one review in five, and 1 to 600 characters of words for the others. */
function reviewText(random: () => number): string {
  if (random() < 0.2) {
    return '';
  }

  const length = 1 + Math.floor(random() * MAX_TEXT_LENGTH);
  let text = '';
  while (text.length < length) {
    text += `${WORDS[Math.floor(random() * WORDS.length)]} `;
  }

  return text.slice(0, length).trim() || 'ok';
}

/** Mulberry32: a small deterministic generator, so the same size always gets the same data. */
function seededRandom(seed: number): () => number {
  let value = seed >>> 0;
  return () => {
    value = (value + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(value ^ (value >>> 15), 1 | value);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}

async function writeAll(client: ReturnType<typeof createDocumentClient>, table: string, items: object[]): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_SIZE * PARALLEL_BATCHES) {
    const batches = [];
    for (let offset = start; offset < Math.min(items.length, start + BATCH_SIZE * PARALLEL_BATCHES); offset += BATCH_SIZE) {
      batches.push(items.slice(offset, offset + BATCH_SIZE));
    }

    await Promise.all(batches.map((batch) => writeBatch(client, table, batch)));
  }
}

async function writeBatch(client: ReturnType<typeof createDocumentClient>, table: string, items: object[]): Promise<void> {
  const requests = items.map((item) => ({ PutRequest: { Item: item as Record<string, unknown> } }));
  const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
  if (Object.keys(result.UnprocessedItems ?? {}).length > 0) {
    throw new Error(`dynalite left items of ${table} unprocessed. Rerun the benchmark.`);
  }
}
