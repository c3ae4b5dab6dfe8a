import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { htmlSecurityHeaders } from './security-headers.ts';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

export function htmlResponse(statusCode: number, html: string, styleHashSource?: string): HttpResponse {
  return { statusCode, headers: htmlSecurityHeaders(styleHashSource), body: html };
}

export function jsonResponse(statusCode: number, body: unknown): HttpResponse {
  return {
    statusCode,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    },
    body: JSON.stringify(body),
  };
}
