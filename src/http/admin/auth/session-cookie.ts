import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** Returns the session cookie's name. The `__Host-` prefix pins it to one host but needs HTTPS, so only HTTPS uses it. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-starling_admin' : 'starling_admin';
}

/** Reads one cookie from the event's `cookies` list, as API Gateway's payload 2.0 gives them. */
export function readCookie(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const cookie of event.cookies ?? []) {
    const separator = cookie.indexOf('=');
    if (separator > 0 && cookie.slice(0, separator).trim() === name) {
      return cookie.slice(separator + 1).trim();
    }
  }

  return undefined;
}

/** Builds the session's `Set-Cookie` value: HttpOnly, SameSite=Strict, and Secure when served over HTTPS. */
export function sessionCookie(value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  const parts = [`${sessionCookieName(options.secure)}=${value}`, 'Path=/', `Max-Age=${options.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict'];
  return (options.secure ? [...parts, 'Secure'] : parts).join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}

/**
 * Derives the CSRF token of a session from its cookie value. A page on another site can make the
 * browser send the cookie but cannot read it, so it cannot compute the token the forms carry.
 */
export function csrfTokenFor(sessionValue: string): string {
  return createHash('sha256').update(`starling-csrf\u0000${sessionValue}`).digest('base64url');
}

export function isValidCsrfToken(sessionValue: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') {
    return false;
  }

  const expected = Buffer.from(csrfTokenFor(sessionValue));
  const submittedBytes = Buffer.from(submitted);
  return submittedBytes.length === expected.length && timingSafeEqual(submittedBytes, expected);
}
