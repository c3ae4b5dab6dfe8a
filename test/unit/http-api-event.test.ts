import { describe, expect, it } from 'vitest';
import type { LocalRequest } from '../../src/local/http-api-event.ts';
import { buildHttpApiEvent } from '../../src/local/http-api-event.ts';

const BASE_REQUEST: LocalRequest = {
  method: 'GET',
  url: '/review',
  headers: { host: '127.0.0.1:3000', 'user-agent': 'test' },
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
};

describe('buildHttpApiEvent', () => {
  it('omits query parameters without a query', () => {
    const event = buildHttpApiEvent(BASE_REQUEST, 'GET /review');

    expect(event.queryStringParameters).toBeUndefined();
    expect(event.rawQueryString).toBe('');
  });

  it('joins repeated query keys with commas', () => {
    const event = buildHttpApiEvent({ ...BASE_REQUEST, url: '/review?token=a&token=b' }, 'GET /review');

    expect(event.queryStringParameters).toEqual({ token: 'a,b' });
    expect(event.rawQueryString).toBe('token=a&token=b');
  });

  it('keeps a __proto__ query key as data', () => {
    const event = buildHttpApiEvent({ ...BASE_REQUEST, url: '/review?__proto__=x' }, 'GET /review');

    expect(Object.keys(event.queryStringParameters ?? {})).toEqual(['__proto__']);
  });

  it('base64-encodes a form body', () => {
    const body = Buffer.from('token=abc&rating=5&text=caf%C3%A9');
    const event = buildHttpApiEvent(
      { ...BASE_REQUEST, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
      'POST /review',
    );

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64').toString('utf8')).toBe(body.toString('utf8'));
  });

  it('passes a JSON body as text', () => {
    const event = buildHttpApiEvent(
      { ...BASE_REQUEST, method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"rating":5}') },
      'POST /review',
    );

    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe('{"rating":5}');
  });

  it('moves cookies out of the headers', () => {
    const event = buildHttpApiEvent({ ...BASE_REQUEST, headers: { cookie: 'a=1; b=2' } }, 'GET /review');

    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers.cookie).toBeUndefined();
  });

  it('describes the request in the request context', () => {
    const event = buildHttpApiEvent(BASE_REQUEST, 'GET /review');

    expect(event.requestContext.http).toMatchObject({ method: 'GET', path: '/review', sourceIp: '127.0.0.1' });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
