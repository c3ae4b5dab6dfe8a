import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { rejectCrossSiteRequest } from '../../src/http/cross-site.ts';
import { MAX_BODY_BYTES, parseBodyFields, wantsJson } from '../../src/http/request.ts';
import { RequestError } from '../../src/http/request-error.ts';
import { buildHttpApiEvent } from '../../src/local/http-api-event.ts';

function postEvent(body: string | Buffer, headers: Record<string, string>): APIGatewayProxyEventV2 {
  return buildHttpApiEvent(
    { method: 'POST', url: '/review', headers: { host: '127.0.0.1:3000', ...headers }, body: Buffer.isBuffer(body) ? body : Buffer.from(body), sourceIp: '127.0.0.1' },
    'POST /review',
  );
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

function statusOf(action: () => unknown): number | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof RequestError ? error.status : -1;
  }
}

describe('parseBodyFields', () => {
  it('decodes a base64 form body', () => {
    const fields = parseBodyFields(postEvent('token=abc&rating=5&text=caf%C3%A9+au+lait', FORM));

    expect(fields).toEqual({ token: 'abc', rating: '5', text: 'café au lait' });
  });

  it('turns a repeated form field into a list', () => {
    const fields = parseBodyFields(postEvent('rating=5&rating=1', FORM));

    expect(fields.rating).toEqual(['5', '1']);
  });

  it('parses a JSON object', () => {
    expect(parseBodyFields(postEvent('{"token":"abc","rating":5}', JSON_TYPE))).toEqual({ token: 'abc', rating: 5 });
  });

  it.each([
    ['malformed JSON', '{"rating":', JSON_TYPE, 400],
    ['a JSON array', '[1,2]', JSON_TYPE, 400],
    ['JSON null', 'null', JSON_TYPE, 400],
    ['a broken percent escape', 'text=%E0%A4%A', FORM, 400],
    ['percent-encoded invalid UTF-8', 'text=%FF', FORM, 400],
    ['an unsupported content type', 'rating=5', { 'content-type': 'text/plain' }, 415],
    ['no content type', 'rating=5', {}, 415],
  ])('rejects %s', (_case, body, headers, status) => {
    expect(statusOf(() => parseBodyFields(postEvent(body, headers)))).toBe(status);
  });

  it('rejects raw bytes that are not UTF-8', () => {
    expect(statusOf(() => parseBodyFields(postEvent(Buffer.from([0x74, 0x3d, 0xff, 0xfe]), FORM)))).toBe(400);
  });

  it('rejects a body over the size limit', () => {
    const body = `text=${'a'.repeat(MAX_BODY_BYTES)}`;

    expect(statusOf(() => parseBodyFields(postEvent(body, FORM)))).toBe(413);
  });
});

describe('wantsJson', () => {
  it('prefers HTML when the browser accepts it', () => {
    expect(wantsJson(postEvent('', { ...JSON_TYPE, accept: 'text/html,application/xhtml+xml' }))).toBe(false);
  });

  it('answers JSON to a JSON post', () => {
    expect(wantsJson(postEvent('', JSON_TYPE))).toBe(true);
  });

  it('answers HTML to a form post', () => {
    expect(wantsJson(postEvent('', FORM))).toBe(false);
  });
});

describe('rejectCrossSiteRequest', () => {
  it.each([
    ['a same-origin browser post', { 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:3000' }, undefined],
    ['a client without browser headers', {}, undefined],
    ['an opaque null origin', { origin: 'null' }, undefined],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }, 403],
    ['a same-site sibling', { 'sec-fetch-site': 'same-site' }, 403],
    ['another origin', { origin: 'http://evil.example' }, 403],
  ])('handles %s', (_case, headers, status) => {
    expect(statusOf(() => rejectCrossSiteRequest(postEvent('', headers)))).toBe(status);
  });
});
