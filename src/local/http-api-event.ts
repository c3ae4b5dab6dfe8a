import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** Content types that API Gateway passes as text; every other body arrives base64-encoded. */
const TEXT_TYPES = /^(text\/|application\/json\b|application\/(.+\+)?xml\b|application\/javascript\b)/i;

export interface LocalRequest {
  method: string;
  /** Path and query string as the client sent them, e.g. `/review?token=abc`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
}

/**
 * Builds an HTTP API payload 2.0 event the way API Gateway does. Header names are lowercased, and
 * repeated headers and query keys are joined by commas. Cookies get their own list, an event
 * without a query has no `queryStringParameters`, and form bodies arrive base64-encoded.
 */
export function buildHttpApiEvent(request: LocalRequest, routeKey: string): APIGatewayProxyEventV2 {
  const url = new URL(request.url, 'http://localhost');
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;

  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) {
      continue;
    }

    if (name === 'cookie') {
      cookies = (Array.isArray(value) ? value : [value]).flatMap((line) => line.split(';')).map((cookie) => cookie.trim()).filter(Boolean);
      continue;
    }

    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }

  const now = new Date();
  const contentType = headers['content-type'] ?? '';
  // A text body that is not valid UTF-8 stays base64-encoded, so the handler receives the real bytes
  // and can reject them, rather than text with replacement characters.
  const isText = TEXT_TYPES.test(contentType) && isValidUtf8(request.body);
  const hasBody = request.body.length > 0;

  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(url.search.length > 1 ? { queryStringParameters: queryParameters(url.searchParams) } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: { method: request.method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: request.sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(hasBody ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !isText,
  };
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function queryParameters(search: URLSearchParams): Record<string, string> {
  // A Map keeps names such as `__proto__` as plain keys.
  const parameters = new Map<string, string>();
  for (const [name, value] of search) {
    const previous = parameters.get(name);
    parameters.set(name, previous === undefined ? value : `${previous},${value}`);
  }

  return Object.fromEntries(parameters);
}

/** Builds a Lambda context for a local invocation, with what Powertools Logger and timeouts read. */
export function buildLambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
