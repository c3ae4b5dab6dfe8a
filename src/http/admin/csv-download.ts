import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { exportReviewsCsv } from '../../core/admin/export.ts';
import { parseStatusView } from '../../core/admin/review-query.ts';
import type { HttpResponse } from '../responses.ts';
import type { AdminDeps } from './admin-deps.ts';

/**
 * Returns the reviews as a CSV download, optionally of one status. A Lambda response is built
 * whole, so the file is collected in memory first.
 */
// NOTE: Lambda caps a response at 6 MB, near 17,000 reviews of about 240 characters (measured by
// bench:admin). A larger export needs the CLI (`starling export`) until it streams to S3 instead.
export async function csvDownload(deps: AdminDeps, event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const status = parseStatusView(event.queryStringParameters?.status);
  const chunks: string[] = [];
  for await (const chunk of exportReviewsCsv(deps, status === 'all' ? {} : { status })) {
    chunks.push(chunk);
  }

  const day = deps.clock.now().toISOString().slice(0, 10);
  return {
    statusCode: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="starling-reviews-${status === 'all' ? '' : `${status}-`}${day}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
    body: chunks.join(''),
  };
}
