import { localAdminCredentials } from '../../adapters/secrets/local-admin-credentials.ts';
import type { Environment } from '../../config.ts';
import { businessName, businessTimeZone, publicBaseUrl, requireVariable } from '../../config.ts';
import { ConfigError } from '../../core/errors.ts';
import { systemClock } from '../../core/ports.ts';
import type { AdminDeps } from '../../http/admin/admin-deps.ts';
import type { AdminAuth } from '../../http/admin/auth/admin-auth.ts';
import { createCognitoAuth, readCognitoSettings } from '../../http/admin/auth/cognito-auth.ts';
import { createLocalAuth } from '../../http/admin/auth/local-auth.ts';
import { createLogger, createStores } from '../shared/runtime.ts';

export const logger = createLogger('admin');

const { customers, invitations, reviews } = createStores(process.env);

export const deps: AdminDeps = {
  reviews,
  customers,
  invitations,
  clock: systemClock,
  logger,
  auth: createAdminAuth(process.env),
  businessName: businessName(process.env),
  timeZone: businessTimeZone(process.env),
};

/**
 * Picks the admin access: `cognito` on AWS, where the CDK stack sets it, or `local`, where the
 * local stack points at the password and session key in the data folder.
 */
function createAdminAuth(env: Environment): AdminAuth {
  const mode = env.STARLING_ADMIN_AUTH?.trim();
  if (mode === 'cognito') {
    return createCognitoAuth(readCognitoSettings(env), { logger });
  }

  if (mode === 'local') {
    const passwordFile = requireVariable(env, 'STARLING_ADMIN_PASSWORD_FILE');
    return createLocalAuth({
      credentials: localAdminCredentials(passwordFile, requireVariable(env, 'STARLING_ADMIN_SESSION_KEY_FILE')),
      secure: publicBaseUrl(env).startsWith('https:'),
      businessName: businessName(env),
      passwordFile,
      logger,
    });
  }

  throw new ConfigError(`STARLING_ADMIN_AUTH must be "cognito" or "local", got "${mode ?? ''}"`);
}
