import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Page, ReviewFilter, ReviewPosition } from '../../core/ports.ts';
import type { Review, ReviewStatus } from '../../core/reviews.ts';
import { decodeCursor, encodeCursor } from './document-client.ts';
import { INDEX } from './table-definitions.ts';

/** Sort keys bounding every ISO time Starling stores, for a range with one open end. */
const EARLIEST = '0000';
const LATEST = '9999';

/**
 * Queries the byStatus index, newest first, collecting matches until it has `limit` or the index
 * runs out. A rating filter applies after DynamoDB reads each page, so a page of 1 MB may hold
 * few matches or none, and the loop keeps going rather than stopping at the first page.
 */
export async function listByStatus(
  client: DynamoDBDocumentClient,
  tableName: string,
  status: ReviewStatus,
  filter: ReviewFilter,
  after: ReviewPosition | undefined,
  limit: number,
): Promise<Review[]> {
  const reviews: Review[] = [];
  let startKey: Record<string, unknown> | undefined = after ? { reviewId: after.reviewId, createdAt: after.createdAt, status } : undefined;

  do {
    const page = await client.send(new QueryCommand({ ...statusQuery(tableName, status, filter), ExclusiveStartKey: startKey, Limit: Math.max(limit, 25) }));
    for (const item of (page.Items ?? []) as Review[]) {
      reviews.push(item);
      if (reviews.length === limit) {
        return reviews;
      }
    }

    startKey = page.LastEvaluatedKey;
  } while (startKey);

  return reviews;
}

/** Counts with `Select: COUNT`, following `LastEvaluatedKey`: one response counts at most 1 MB of reviews. */
export async function countByStatus(client: DynamoDBDocumentClient, tableName: string, status: ReviewStatus, filter: ReviewFilter): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;

  do {
    const page = await client.send(new QueryCommand({ ...statusQuery(tableName, status, filter), Select: 'COUNT', ExclusiveStartKey: startKey }));
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);

  return count;
}

export async function scanReviews(client: DynamoDBDocumentClient, tableName: string, cursor?: string): Promise<Page<Review>> {
  const result = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: decodeCursor(cursor) }));
  return { items: (result.Items ?? []) as Review[], nextCursor: encodeCursor(result.LastEvaluatedKey) };
}

function statusQuery(tableName: string, status: ReviewStatus, filter: ReviewFilter): QueryCommandInput {
  const ratings = filter.ratings ?? [];
  const ratingValues = Object.fromEntries(ratings.map((rating, index) => [`:rating${index}`, rating]));

  return {
    TableName: tableName,
    IndexName: INDEX.reviewsByStatus,
    KeyConditionExpression: '#status = :status AND createdAt BETWEEN :from AND :to',
    ...(ratings.length > 0 ? { FilterExpression: `rating IN (${Object.keys(ratingValues).join(', ')})` } : {}),
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':status': status, ':from': filter.from ?? EARLIEST, ':to': lastInstantBefore(filter.before), ...ratingValues },
    ScanIndexForward: false,
  };
}

/**
 * Converts an exclusive end to the millisecond before it, because a key condition cannot combine
 * "less than" with a lower bound. Stored times are all `toISOString()` values with milliseconds.
 */
function lastInstantBefore(before: string | undefined): string {
  return before ? new Date(Date.parse(before) - 1).toISOString() : LATEST;
}
