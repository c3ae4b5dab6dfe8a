import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RawReviewQuery } from '../../core/admin/review-query.ts';

/** The review id part of an admin path, captured; ids are hex, and the limit keeps junk short. */
export const REVIEW_ID_PART = '([0-9A-Za-z_-]{1,100})';

/**
 * Reads the queue filters from the query string. API Gateway joins a repeated key with commas
 * (`rating=4&rating=5` arrives as `4,5`), which the rating parser reads as a list.
 */
export function rawReviewQuery(event: APIGatewayProxyEventV2): RawReviewQuery {
  const query = event.queryStringParameters ?? {};
  const pick = (name: string) => (query[name] === undefined ? {} : { [name]: query[name] });

  return { ...pick('status'), ...pick('rating'), ...pick('from'), ...pick('to'), ...pick('cursor'), ...pick('limit') };
}
