import { readFile } from 'node:fs/promises';
import type { LocalAdminCredentials } from '../../http/admin/auth/local-auth.ts';

export const LOCAL_ADMIN_USERNAME = 'admin';

/**
 * Reads the local admin's password and session key from the data folder once. `npm start` writes
 * both on first start; they never leave the folder.
 */
export function localAdminCredentials(passwordFile: string, sessionKeyFile: string): () => Promise<LocalAdminCredentials> {
  let credentials: Promise<LocalAdminCredentials> | undefined;

  return () => {
    credentials ??= Promise.all([readFile(passwordFile, 'utf8'), readFile(sessionKeyFile, 'utf8')]).then(([password, key]) => ({
      username: LOCAL_ADMIN_USERNAME,
      password: password.trim(),
      sessionKey: Buffer.from(key.trim(), 'base64url'),
    }));
    return credentials;
  };
}
