import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { routeAdminRequest } from '../../http/admin/router.ts';
import type { HttpResponse } from '../../http/responses.ts';
import { deps, logger } from './composition.ts';

/** Handles every `/admin` route: the dashboard, review pages, sign-in, CSV export and the JSON admin API. */
export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<HttpResponse> {
  logger.addContext(context);
  return routeAdminRequest(event, deps);
}
