import { createHmac, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { header } from '../../request.ts';
import type { Logger } from '../../../core/ports.ts';
import type { AdminAuth, AdminPrincipal } from './admin-auth.ts';
import { readCookie, sessionCookieName } from './session-cookie.ts';
import { localSignIn } from './local-sign-in.ts';

/** The one local admin: a user name, its password, and the key that signs session cookies. */
export interface LocalAdminCredentials {
  username: string;
  password: string;
  sessionKey: Buffer;
}

export interface LocalAuthOptions {
  credentials: () => Promise<LocalAdminCredentials>;
  /** Whether the pages are served over HTTPS, which decides the cookie's Secure flag and name. */
  secure: boolean;
  businessName: string;
  /** The path of the password file, named on the login page. */
  passwordFile: string;
  logger?: Pick<Logger, 'warn'>;
  now?: () => Date;
}

export const LOCAL_SESSION_HOURS = 12;

/**
 * Local admin access: one password from the data folder, sessions in a signed cookie. The API also
 * takes the password as HTTP Basic credentials, so scripts and curl need no cookie.
 */
export function createLocalAuth(options: LocalAuthOptions): AdminAuth {
  const now = options.now ?? (() => new Date());
  const sessions = {
    issue: async (username: string) => signSession(await options.credentials(), username, now()),
    verify: async (value: string) => verifySession(await options.credentials(), value, now()),
  };

  return {
    pageUser: async (event) => {
      const value = readCookie(event, sessionCookieName(options.secure));
      const principal = value ? await sessions.verify(value) : undefined;
      return principal && value ? { ...principal, session: value } : undefined;
    },

    // An Authorization header decides alone: a wrong one is not rescued by a cookie sent alongside.
    apiUser: async (event) => {
      const authorization = header(event, 'authorization');
      if (authorization !== undefined) {
        const basic = parseBasic(authorization);
        const credentials = await options.credentials();
        const valid = basic && equalSecrets(basic.username, credentials.username) && equalSecrets(basic.password, credentials.password);
        return valid ? { username: credentials.username } : undefined;
      }

      const value = readCookie(event, sessionCookieName(options.secure));
      const principal = value ? await sessions.verify(value) : undefined;
      return principal && value ? { ...principal, session: value } : undefined;
    },

    handleSignIn: (event, path) => localSignIn(event, path, { ...options, sessions }),

    loginLocation: (returnTo) => `/admin/login?returnTo=${encodeURIComponent(returnTo)}`,
  };
}

/** Signs a session as `payload.signature`: the user and expiry, with HMAC-SHA256 under the session key. */
function signSession(credentials: LocalAdminCredentials, username: string, at: Date): string {
  const expires = at.getTime() + LOCAL_SESSION_HOURS * 60 * 60 * 1000;
  const payload = Buffer.from(JSON.stringify({ u: username, exp: expires }), 'utf8').toString('base64url');
  return `${payload}.${sign(credentials.sessionKey, payload)}`;
}

function verifySession(credentials: LocalAdminCredentials, value: string, at: Date): AdminPrincipal | undefined {
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined || !equalSecrets(signature, sign(credentials.sessionKey, payload))) {
    return undefined;
  }

  try {
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; exp?: unknown };
    const valid = session.u === credentials.username && typeof session.exp === 'number' && session.exp > at.getTime();
    return valid ? { username: credentials.username } : undefined;
  } catch {
    return undefined;
  }
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

function parseBasic(value: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value ?? '');
  if (!match?.[1]) {
    return undefined;
  }

  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  return separator < 0 ? undefined : { username: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}

/** Compares secrets in time that does not depend on where they differ. */
export function equalSecrets(submitted: string, expected: string): boolean {
  const a = createHmac('sha256', 'compare').update(submitted).digest();
  const b = createHmac('sha256', 'compare').update(expected).digest();
  return timingSafeEqual(a, b);
}
