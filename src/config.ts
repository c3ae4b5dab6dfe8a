import { ConfigError } from './core/errors.ts';
import { DEFAULT_INVITATION_TTL_DAYS } from './core/invitations.ts';
import { isValidTimeZone } from './core/time-zones.ts';

/**
 * Reads the functions' settings from environment variables, once per cold start. Each getter
 * throws `ConfigError` naming the variable that is missing or invalid. The local stack and the
 * CDK stack set the same variables.
 */
export type Environment = Record<string, string | undefined>;

export function requireVariable(env: Environment, name: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new ConfigError(`environment variable ${name} is not set`);
  }

  return value;
}

export function tableNames(env: Environment) {
  return {
    customers: requireVariable(env, 'STARLING_CUSTOMERS_TABLE'),
    invitations: requireVariable(env, 'STARLING_INVITATIONS_TABLE'),
    reviews: requireVariable(env, 'STARLING_REVIEWS_TABLE'),
    runs: env.STARLING_RUNS_TABLE?.trim() || 'starling-runs',
  };
}

/** The source of the token signing keys: a file in the local data folder, or a Secrets Manager secret. */
export type TokenKeySource = { kind: 'file'; path: string } | { kind: 'secretsManager'; secretId: string };

export function tokenKeySource(env: Environment): TokenKeySource {
  const path = env.STARLING_TOKEN_KEYS_FILE?.trim();
  if (path) {
    return { kind: 'file', path };
  }

  const secretId = env.STARLING_TOKEN_SECRET_ID?.trim();
  if (secretId) {
    return { kind: 'secretsManager', secretId };
  }

  throw new ConfigError('neither STARLING_TOKEN_SECRET_ID nor STARLING_TOKEN_KEYS_FILE is set; one must name the token signing keys');
}

export function publicBaseUrl(env: Environment): string {
  const value = requireVariable(env, 'STARLING_PUBLIC_URL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`STARLING_PUBLIC_URL must be an absolute http(s) URL, got "${value}"`);
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`STARLING_PUBLIC_URL must be an absolute http(s) URL, got "${value}"`);
  }

  return value.replace(/\/+$/, '');
}

export function invitationTtlDays(env: Environment): number {
  const value = env.STARLING_INVITATION_TTL_DAYS?.trim();
  if (!value) {
    return DEFAULT_INVITATION_TTL_DAYS;
  }

  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 90) {
    throw new ConfigError(`STARLING_INVITATION_TTL_DAYS must be a whole number of days from 1 to 90, got "${value}"`);
  }

  return days;
}

/** Reads the business's IANA time zone, UTC when unset, for quiet hours, date filters and weekly numbers. */
export function businessTimeZone(env: Environment): string {
  const zone = env.STARLING_TIME_ZONE?.trim() || 'UTC';
  if (!isValidTimeZone(zone)) {
    throw new ConfigError(`STARLING_TIME_ZONE must be an IANA time zone such as America/New_York, got "${zone}"`);
  }

  return zone;
}

export function businessName(env: Environment): string {
  return requireVariable(env, 'STARLING_BUSINESS_NAME');
}

/** Reads an optional whole number, failing with the variable's name when it is not one in range. */
export function integerVariable(env: Environment, name: string, fallback: number, range: { min: number; max: number }): number {
  const value = env[name]?.trim();
  if (!value) {
    return fallback;
  }

  const number = Number(value);
  if (!Number.isInteger(number) || number < range.min || number > range.max) {
    throw new ConfigError(`${name} must be a whole number from ${range.min} to ${range.max}, got "${value}"`);
  }

  return number;
}

/** Reads an optional positive number such as a rate, where `unlimited` means no limit. */
export function rateVariable(env: Environment, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) {
    return fallback;
  }

  if (value.toLowerCase() === 'unlimited') {
    return Number.POSITIVE_INFINITY;
  }

  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new ConfigError(`${name} must be a positive number of messages per second or "unlimited", got "${value}"`);
  }

  return number;
}
