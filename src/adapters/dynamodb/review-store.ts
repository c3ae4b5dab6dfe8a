import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ReviewStore } from '../../core/ports.ts';
import type { Review } from '../../core/reviews.ts';
import { isConditionFailure } from './document-client.ts';

export class DynamoReviewStore implements ReviewStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Writes the review only if its id is free. The condition is what makes a link single-use:
   * concurrent submissions race on one key and DynamoDB lets exactly one write win.
   */
  async createOnce(review: Review): Promise<{ created: boolean; review: Review }> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: review, ConditionExpression: 'attribute_not_exists(reviewId)' }));
      return { created: true, review };
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw error;
      }
    }

    const stored = await this.get(review.reviewId);
    if (!stored) {
      throw new Error(`review ${review.reviewId} failed its write condition but cannot be read back`);
    }

    return { created: false, review: stored };
  }

  async get(reviewId: string): Promise<Review | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { reviewId }, ConsistentRead: true }));
    return result.Item as Review | undefined;
  }

  // NOTE: reads every review and sorts in memory, which suits the CLI listing of a small shop. A
  // moderation queue over many reviews should query the byStatus index page by page instead.
  async listNewestFirst(limit: number): Promise<Review[]> {
    const reviews: Review[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: startKey }));
      reviews.push(...((page.Items ?? []) as Review[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);

    return reviews.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }
}
