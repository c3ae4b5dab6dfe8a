import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { header } from './request.ts';
import { RequestError } from './request-error.ts';

/**
 * Rejects a form post that a browser reports as coming from another site, using the
 * `Sec-Fetch-Site` and `Origin` headers that browsers send on posts. Clients that send neither
 * (curl, server code) are allowed, because the signed token authorizes a review, not the origin.
 */
export function rejectCrossSiteRequest(event: APIGatewayProxyEventV2): void {
  const fetchSite = header(event, 'sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw new RequestError(403, 'cross_site_request', `cross-site form posts are not accepted (Sec-Fetch-Site: ${fetchSite})`);
  }

  const origin = header(event, 'origin');
  const host = header(event, 'host') ?? event.requestContext.domainName;
  if (origin && origin !== 'null' && hostOf(origin) !== host) {
    throw new RequestError(403, 'cross_site_request', `form posts from another origin are not accepted (Origin: ${origin})`);
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
