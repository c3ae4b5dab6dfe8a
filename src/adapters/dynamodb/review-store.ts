import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ModerationConflictError, ReviewNotFoundError } from '../../core/errors.ts';
import type { Page, ReviewFilter, ReviewPosition, ReviewStore } from '../../core/ports.ts';
import type { Review, ReviewStatus, StatusChange } from '../../core/reviews.ts';
import { isConditionFailure } from './document-client.ts';
import { countByStatus, listByStatus, scanReviews } from './review-queries.ts';

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

  listByStatus(status: ReviewStatus, filter: ReviewFilter, after: ReviewPosition | undefined, limit: number): Promise<Review[]> {
    return listByStatus(this.client, this.tableName, status, filter, after, limit);
  }

  countByStatus(status: ReviewStatus, filter: ReviewFilter): Promise<number> {
    return countByStatus(this.client, this.tableName, status, filter);
  }

  scanPage(cursor?: string): Promise<Page<Review>> {
    return scanReviews(this.client, this.tableName, cursor);
  }

  /**
   * Changes the status only while it is still `expected`, in one conditional write, so of two
   * admins deciding at once exactly one succeeds. The history grows by appending, never rewriting.
   */
  async moderate(reviewId: string, expected: ReviewStatus, change: StatusChange): Promise<Review> {
    const reason = change.reason ? 'moderationReason = :reason' : undefined;
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { reviewId },
          UpdateExpression: [
            'SET #status = :status, moderatedBy = :by, moderatedAt = :at, history = list_append(if_not_exists(history, :none), :change)',
            reason,
          ]
            .filter(Boolean)
            .join(', ')
            .concat(reason ? '' : ' REMOVE moderationReason'),
          ConditionExpression: 'attribute_exists(reviewId) AND #status = :expected',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': change.status,
            ':by': change.by,
            ':at': change.at,
            ':none': [],
            ':change': [change],
            ':expected': expected,
            ...(change.reason ? { ':reason': change.reason } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes as Review;
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw error;
      }
    }

    const current = await this.get(reviewId);
    if (!current) {
      throw new ReviewNotFoundError(reviewId);
    }

    throw new ModerationConflictError(reviewId, expected, current);
  }
}
