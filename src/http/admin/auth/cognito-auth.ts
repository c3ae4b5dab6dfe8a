import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Environment } from '../../../config.ts';
import { publicBaseUrl, requireVariable } from '../../../config.ts';
import { ConfigError } from '../../../core/errors.ts';
import type { Logger } from '../../../core/ports.ts';
import type { AdminAuth, AdminPrincipal } from './admin-auth.ts';
import type { SignInContext } from './cognito-sign-in.ts';
import { handleCognitoSignIn } from './cognito-sign-in.ts';
import { readCookie, sessionCookieName } from './session-cookie.ts';

/** The user pool and site settings of the Cognito sign-in. */
export interface CognitoSettings {
  userPoolId: string;
  /** The app client: the `aud` claim of its ID tokens. */
  clientId: string;
  /** The hosted UI base URL, such as `https://prefix.auth.us-east-1.amazoncognito.com`, without a trailing slash. */
  domain: string;
  /** The site's base URL (`STARLING_PUBLIC_URL`), without a trailing slash. */
  publicUrl: string;
}

/** Checks a Cognito ID token and returns its claims; rejects when the token is not valid. */
export interface IdTokenVerifier {
  verify(token: string): Promise<Record<string, unknown>>;
}

export interface CognitoAuthOptions {
  /** Calls the token endpoint; global `fetch` unless a test passes its own. */
  fetch?: typeof fetch;
  /** Verifies ID tokens; a `CognitoJwtVerifier` for the pool unless a test passes its own. */
  verifier?: IdTokenVerifier;
  logger?: Logger;
  now?: () => Date;
}

/** Reads the Cognito settings from the function's environment, naming the variable that is missing or invalid. */
export function readCognitoSettings(env: Environment): CognitoSettings {
  const domain = requireVariable(env, 'STARLING_COGNITO_DOMAIN').replace(/\/+$/, '');
  if (!/^https:\/\/[^/?#]+$/.test(domain)) {
    throw new ConfigError(`STARLING_COGNITO_DOMAIN must be the hosted UI base URL, such as https://prefix.auth.us-east-1.amazoncognito.com, got "${domain}"`);
  }

  return {
    userPoolId: requireVariable(env, 'STARLING_COGNITO_USER_POOL_ID'),
    clientId: requireVariable(env, 'STARLING_COGNITO_CLIENT_ID'),
    domain,
    publicUrl: publicBaseUrl(env),
  };
}

/**
 * Creates the verifier for the pool's ID tokens. It checks the signature against the pool's JWKS
 * (fetched once and cached, unless `cacheJwks` was given one), the issuer, `aud` = the app client,
 * `token_use` = `id`, and the expiry.
 */
export function createIdTokenVerifier(settings: CognitoSettings) {
  return CognitoJwtVerifier.create({ userPoolId: settings.userPoolId, clientId: settings.clientId, tokenUse: 'id' });
}

/**
 * Admin access through a Cognito user pool. Pages carry the ID token in the HttpOnly session cookie,
 * because a browser navigation cannot send an Authorization header, and the function verifies it.
 * The API is behind API Gateway's JWT authorizer, so `apiUser` reads the claims the authorizer checked.
 */
export function createCognitoAuth(settings: CognitoSettings, options: CognitoAuthOptions = {}): AdminAuth {
  const verifier = options.verifier ?? createIdTokenVerifier(settings);
  const context: SignInContext = {
    settings,
    verifier,
    fetch: options.fetch ?? fetch,
    logger: options.logger ?? silentLogger,
    now: options.now ?? (() => new Date()),
  };

  return {
    async pageUser(event) {
      const token = readCookie(event, sessionCookieName(true));
      if (!token) {
        return undefined;
      }

      try {
        const principal = principalFrom(await verifier.verify(token), ['email', 'cognito:username']);
        return principal && { ...principal, session: token };
      } catch (error) {
        context.logger.info('admin session cookie rejected', { reason: error instanceof Error ? error.name : 'unknown' });
        return undefined;
      }
    },

    async apiUser(event) {
      const claims = authorizerClaims(event);
      return claims ? principalFrom(claims, ['email', 'username', 'cognito:username', 'sub']) : undefined;
    },

    handleSignIn(event, path) {
      return handleCognitoSignIn(context, event, path);
    },

    loginLocation(returnTo) {
      return `/admin/login?returnTo=${encodeURIComponent(returnTo)}`;
    },
  };
}

/** Returns the claims that API Gateway's JWT authorizer put in the event, or undefined when no authorizer ran. */
function authorizerClaims(event: APIGatewayProxyEventV2): Record<string, unknown> | undefined {
  // The plain event type has no authorizer field, so each level is checked at run time.
  const authorizer: unknown = 'authorizer' in event.requestContext ? event.requestContext.authorizer : undefined;
  const jwt = isRecord(authorizer) ? authorizer.jwt : undefined;
  const claims = isRecord(jwt) ? jwt.claims : undefined;
  return isRecord(claims) ? claims : undefined;
}

/** Names the admin by the first of `names` that is a non-empty string claim. */
function principalFrom(claims: Record<string, unknown>, names: string[]): AdminPrincipal | undefined {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === 'string' && value.trim() !== '') {
      return { username: value.trim() };
    }
  }

  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
