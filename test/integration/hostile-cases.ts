import { randomBytes } from 'node:crypto';
import type { TokenKeyRing } from '../../src/core/tokens.ts';
import { signToken } from '../../src/core/tokens.ts';

/** What the hostile request cases are built from, once the stack has seeded its invitations. */
export interface CaseContext {
  /** A valid token of an invitation that must never get a review in these tests. */
  token: string;
  invitationId: string;
  keyRing: TokenKeyRing;
  inactiveCustomerToken: string;
}

export interface RequestSpec {
  method: string;
  /** Path and query string. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HostileCase {
  name: string;
  expectedStatus: number;
  build(context: CaseContext): RequestSpec;
}

interface TokenVariant {
  name: string;
  /** Status for the review page and for a post with an otherwise valid review. */
  status: number;
  /** The token to send, or undefined to send none. */
  token(context: CaseContext): string | undefined;
}

const HOUR_MS = 60 * 60 * 1000;

function replaceAt(text: string, index: number, character: string): string {
  return text.slice(0, index) + character + text.slice(index + 1);
}

/** Changes one base64url character into another, so the length and alphabet stay valid. */
function flipCharacter(token: string, index: number): string {
  const current = token[index] ?? 'A';
  return replaceAt(token, index, current === 'A' ? 'B' : 'A');
}

function editBytes(token: string, edit: (bytes: Buffer) => Buffer): string {
  return edit(Buffer.from(token, 'base64url')).toString('base64url');
}

function otherKeyRing(id: number): TokenKeyRing {
  return { current: { id, secret: randomBytes(32) }, verifyOnly: [] };
}

const TOKEN_VARIANTS: TokenVariant[] = [
  { name: 'no token', status: 400, token: () => undefined },
  { name: 'an empty token', status: 400, token: () => '' },
  { name: 'a short garbage token', status: 401, token: () => 'abc' },
  { name: 'a plus sign', status: 401, token: ({ token }) => replaceAt(token, 3, '+') },
  { name: 'a slash', status: 401, token: ({ token }) => replaceAt(token, 3, '/') },
  { name: 'one padding character', status: 401, token: ({ token }) => `${token}=` },
  { name: 'two padding characters', status: 401, token: ({ token }) => `${token}==` },
  { name: 'a leading space', status: 401, token: ({ token }) => ` ${token}` },
  { name: 'a trailing space', status: 401, token: ({ token }) => `${token} ` },
  { name: 'a trailing newline', status: 401, token: ({ token }) => `${token}\n` },
  { name: 'a tab inside', status: 401, token: ({ token }) => replaceAt(token, 10, '\t') },
  { name: 'a NUL byte', status: 401, token: ({ token }) => `${token}\u0000` },
  { name: 'one character cut', status: 401, token: ({ token }) => token.slice(0, -1) },
  { name: 'half the token', status: 401, token: ({ token }) => token.slice(0, 25) },
  { name: 'one character added', status: 401, token: ({ token }) => `${token}A` },
  { name: 'four characters added', status: 401, token: ({ token }) => `${token}AAAA` },
  { name: 'a MAC cut by one byte', status: 401, token: ({ token }) => editBytes(token, (bytes) => bytes.subarray(0, -1)) },
  { name: 'a MAC extended by one byte', status: 401, token: ({ token }) => editBytes(token, (bytes) => Buffer.concat([bytes, Buffer.from([0])])) },
  { name: 'a spare bit set in the last character', status: 401, token: ({ token }) => replaceAt(token, token.length - 1, String.fromCharCode((token.at(-1) ?? 'A').charCodeAt(0) + 1)) },
  { name: 'lowercase letters', status: 401, token: ({ token }) => token.toLowerCase() },
  { name: 'uppercase letters', status: 401, token: ({ token }) => token.toUpperCase() },
  { name: 'another key with the same id', status: 401, token: (context) => signToken(otherKeyRing(context.keyRing.current.id), context.invitationId, new Date(Date.now() + HOUR_MS)) },
  { name: 'an unknown key id', status: 401, token: (context) => signToken(otherKeyRing(200), context.invitationId, new Date(Date.now() + HOUR_MS)) },
  { name: 'an expiry in the past', status: 410, token: (context) => signToken(context.keyRing, context.invitationId, new Date(Date.now() - HOUR_MS)) },
  { name: 'an expiry one second ago', status: 410, token: (context) => signToken(context.keyRing, context.invitationId, new Date(Date.now() - 1000)) },
  { name: 'a forged later expiry', status: 401, token: ({ token }) => editBytes(token, (bytes) => { const copy = Buffer.from(bytes); copy.writeUInt32BE(copy.readUInt32BE(17) + 86_400, 17); return copy; }) },
  { name: 'a forged earlier expiry', status: 401, token: ({ token }) => editBytes(token, (bytes) => { const copy = Buffer.from(bytes); copy.writeUInt32BE(copy.readUInt32BE(17) - 60, 17); return copy; }) },
  { name: 'another invitation id', status: 401, token: ({ token }) => editBytes(token, (bytes) => { const copy = Buffer.from(bytes); copy[5] = (copy[5] ?? 0) ^ 1; return copy; }) },
  { name: 'a signed unknown invitation', status: 410, token: (context) => signToken(context.keyRing, randomBytes(16).toString('hex'), new Date(Date.now() + HOUR_MS)) },
  { name: 'an inactive customer', status: 410, token: ({ inactiveCustomerToken }) => inactiveCustomerToken },
  { name: 'a script tag', status: 401, token: () => '<script>alert(1)</script>' },
  { name: 'full-width letters', status: 401, token: () => 'ｔｏｋｅｎ'.repeat(10) },
  { name: 'a JWT', status: 401, token: () => 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.' },
  { name: 'ten thousand characters', status: 401, token: () => 'A'.repeat(10_000) },
  { name: 'two tokens joined by a comma', status: 401, token: ({ token }) => `${token},${token}` },
  ...Array.from({ length: 50 }, (_, index): TokenVariant => ({
    name: `character ${index} changed`,
    status: 401,
    token: ({ token }) => flipCharacter(token, index),
  })),
];

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };

function formBody(fields: [string, string][]): string {
  return fields.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

function tokenCases(): HostileCase[] {
  return TOKEN_VARIANTS.flatMap((variant): HostileCase[] => [
    {
      name: `GET with ${variant.name}`,
      expectedStatus: variant.status,
      build: (context) => {
        const token = variant.token(context);
        return { method: 'GET', path: token === undefined ? '/review' : `/review?token=${encodeURIComponent(token)}` };
      },
    },
    {
      name: `form POST with ${variant.name}`,
      expectedStatus: variant.status,
      build: (context) => {
        const token = variant.token(context);
        const fields: [string, string][] = token === undefined ? [] : [['token', token]];
        return { method: 'POST', path: '/review', headers: FORM, body: formBody([...fields, ['rating', '5'], ['text', 'Hostile']]) };
      },
    },
    {
      name: `JSON POST with ${variant.name}`,
      expectedStatus: variant.status,
      build: (context) => ({ method: 'POST', path: '/review', headers: JSON_TYPE, body: JSON.stringify({ token: variant.token(context), rating: 5, text: 'Hostile' }) }),
    },
  ]);
}

export { FORM, JSON_TYPE, formBody, tokenCases };
