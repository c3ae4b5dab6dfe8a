import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { SubmittedFields } from '../core/validation.ts';
import { findRepeatedTopLevelName, markNonIntegerNumbers } from './json-number-sources.ts';
import { RequestError } from './request-error.ts';

/**
 * Largest request body accepted. The longest valid review is 5,000 code points of up to 4 UTF-8
 * bytes each, which a browser's form encoding triples to 60,000 bytes, so 16 KB would reject
 * valid reviews written in emoji or non-Latin scripts. 64 KiB covers them with room for the token.
 */
export const MAX_BODY_BYTES = 64 * 1024;

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  // HTTP API lowercases header names in the event.
  return event.headers?.[name.toLowerCase()];
}

/** Returns whether the client expects JSON rather than a page, from its Accept or Content-Type header. */
export function wantsJson(event: APIGatewayProxyEventV2): boolean {
  const accept = header(event, 'accept') ?? '';
  if (accept.includes('text/html')) {
    return false;
  }

  return accept.includes('application/json') || mediaType(event) === 'application/json';
}

/** Parses a form or JSON body into fields. A field given more than once in a form becomes a list. */
export function parseBodyFields(event: APIGatewayProxyEventV2): SubmittedFields {
  const bytes = readBodyBytes(event);
  const text = decodeUtf8(bytes);
  const type = mediaType(event);

  if (type === 'application/x-www-form-urlencoded') {
    return parseForm(text);
  }

  if (type === 'application/json') {
    return parseJsonObject(text);
  }

  throw new RequestError(415, 'unsupported_media_type', `content type "${type || '(none)'}" is not supported; send application/x-www-form-urlencoded or application/json`);
}

function mediaType(event: APIGatewayProxyEventV2): string {
  return (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function readBodyBytes(event: APIGatewayProxyEventV2): Buffer {
  const body = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new RequestError(413, 'body_too_large', `request body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES}`);
  }

  return bytes;
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RequestError(400, 'invalid_encoding', 'request body is not valid UTF-8');
  }
}

function parseForm(text: string): SubmittedFields {
  // A Map keeps names such as `__proto__` as plain keys.
  const fields = new Map<string, string | string[]>();

  for (const pair of text.split('&')) {
    if (pair === '') {
      continue;
    }

    const separator = pair.indexOf('=');
    const name = decodeFormComponent(separator === -1 ? pair : pair.slice(0, separator));
    const value = separator === -1 ? '' : decodeFormComponent(pair.slice(separator + 1));
    const previous = fields.get(name);
    fields.set(name, previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]);
  }

  return Object.fromEntries(fields);
}

/** Decodes one form component strictly: URLSearchParams would turn broken escapes and bytes into U+FFFD. */
function decodeFormComponent(component: string): string {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    throw new RequestError(400, 'invalid_form', 'form body has an invalid percent-encoding or is not UTF-8');
  }
}

function parseJsonObject(text: string): SubmittedFields {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RequestError(400, 'invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
  }

  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RequestError(400, 'invalid_json', 'request body must be a JSON object, not an array or a single value');
  }

  // JSON.parse keeps the last of repeated names silently; a form rejects a repeated field, so JSON does too.
  const repeated = findRepeatedTopLevelName(text);
  if (repeated !== undefined) {
    throw new RequestError(400, 'invalid_json', `request body names the field "${repeated.slice(0, 40)}" more than once`);
  }

  return markNonIntegerNumbers(text, value as Record<string, unknown>);
}
