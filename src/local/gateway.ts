import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Logger } from '../core/ports.ts';
import { renderErrorPage } from '../http/pages/error-page.ts';
import type { HttpResponse } from '../http/responses.ts';
import { htmlResponse, jsonResponse } from '../http/responses.ts';
import { buildHttpApiEvent, buildLambdaContext } from './http-api-event.ts';
import type { Outbox } from './outbox.ts';
import { renderOutboxPage } from './outbox-page.ts';

type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

interface Route {
  functionName: string;
  load: () => Promise<HttpHandler>;
}

/** API Gateway's own limit is 10 MB; the local server stops reading well before that. */
const MAX_LOCAL_BODY_BYTES = 1024 * 1024;

/**
 * The routes of the public contract, each bound to its function's handler module. Modules load
 * on first use, after the local environment is set, as a Lambda cold start would.
 */
const FUNCTION_ROUTES: Record<string, Route> = {
  'GET /review': { functionName: 'render-review-form', load: async () => (await import('../functions/render-review-form/handler.ts')).handler },
  'POST /review': { functionName: 'submit-review', load: async () => (await import('../functions/submit-review/handler.ts')).handler },
};

/** Every admin path goes to one function, as the `/admin` and `/admin/{proxy+}` routes do on AWS. */
const ADMIN_ROUTE_KEY = 'ANY /admin/{proxy+}';
const ADMIN_ROUTE: Route = { functionName: 'admin', load: async () => (await import('../functions/admin/handler.ts')).handler };

export interface GatewayOptions {
  outbox: Outbox;
  logger: Pick<Logger, 'error'>;
}

/** A local HTTP API: turns each request into a payload 2.0 event, calls the handler, writes its result. */
export function createGateway(options: GatewayOptions): Server {
  return createServer((request, response) => {
    serve(request, response, options).catch((error: unknown) => {
      options.logger.error('local gateway failed to serve a request', { error });
      if (!response.headersSent) {
        write(response, htmlResponse(500, renderErrorPage({ title: 'Something went wrong', message: 'The local server could not handle this request.' })));
      }
    });
  });
}

async function serve(request: IncomingMessage, response: ServerResponse, options: GatewayOptions): Promise<void> {
  const method = request.method ?? 'GET';
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;

  const local = await serveLocalRoute(method, path, options);
  if (local) {
    write(response, local);
    return;
  }

  const admin = path === '/admin' || path.startsWith('/admin/');
  const routeKey = admin ? ADMIN_ROUTE_KEY : `${method} ${path}`;
  const route = admin ? ADMIN_ROUTE : FUNCTION_ROUTES[routeKey];
  if (!route) {
    const allowed = Object.keys(FUNCTION_ROUTES).some((key) => key.endsWith(` ${path}`));
    write(response, jsonResponse(allowed ? 405 : 404, { message: allowed ? 'Method Not Allowed' : 'Not Found' }));
    return;
  }

  const body = await readBody(request);
  if (body === undefined) {
    write(response, jsonResponse(413, { message: 'Request Entity Too Large' }));
    return;
  }

  const event = buildHttpApiEvent({ method, url: request.url ?? '/', headers: request.headers, body, sourceIp: request.socket.remoteAddress ?? '127.0.0.1' }, routeKey);
  const handler = await route.load();
  const started = performance.now();
  const result = await handler(event, buildLambdaContext(route.functionName));
  // The handler's own time, without the local server's parsing and writing, for benchmarks.
  result.headers['Server-Timing'] = `handler;dur=${(performance.now() - started).toFixed(2)}`;
  write(response, result);
}

async function serveLocalRoute(method: string, path: string, options: GatewayOptions): Promise<HttpResponse | undefined> {
  if (method !== 'GET' && method !== 'HEAD') {
    return undefined;
  }

  switch (path) {
    case '/health':
      return jsonResponse(200, { status: 'ok' });
    case '/dev/outbox.json':
      return jsonResponse(200, await options.outbox.list());
    case '/dev/outbox':
      return htmlResponse(200, renderOutboxPage(await options.outbox.list()));
    case '/':
      return { statusCode: 302, headers: { Location: '/dev/outbox', 'Cache-Control': 'no-store' }, body: '' };
    default:
      return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_LOCAL_BODY_BYTES) {
      return undefined;
    }

    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks);
}

function write(response: ServerResponse, result: HttpResponse): void {
  const body = typeof result.body === 'string' ? result.body : '';
  const payload = result.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  // API Gateway turns the result's `cookies` into one Set-Cookie header each.
  const cookies = result.cookies?.length ? { 'Set-Cookie': result.cookies } : {};
  response.writeHead(result.statusCode, { ...result.headers, ...cookies, 'Content-Length': String(payload.length) });
  response.end(response.req.method === 'HEAD' ? undefined : payload);
}
