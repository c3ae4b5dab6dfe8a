import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateKeyRing } from '../adapters/secrets/token-key-ring.ts';

/** Files of the local stack, all inside one data folder (`.starling/`, or the folder in STARLING_DATA_DIR). */
export interface DataPaths {
  root: string;
  dynamodb: string;
  tokenKeys: string;
  adminPassword: string;
  adminSessionKey: string;
  outbox: string;
  state: string;
}

export function resolveDataPaths(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): DataPaths {
  const root = resolve(cwd, env.STARLING_DATA_DIR?.trim() || '.starling');
  return {
    root,
    dynamodb: join(root, 'dynamodb'),
    tokenKeys: join(root, 'secrets', 'token-keys.json'),
    adminPassword: join(root, 'secrets', 'admin-password'),
    adminSessionKey: join(root, 'secrets', 'admin-session-key'),
    outbox: join(root, 'outbox.jsonl'),
    state: join(root, 'stack.json'),
  };
}

/**
 * Creates the data folder and, on first start, a fresh token signing key and admin password, all
 * readable only by this user.
 */
export async function prepareDataDir(paths: DataPaths, now: Date): Promise<{ createdKey: boolean; createdAdminPassword: boolean }> {
  // The folder contains customers' names and phone numbers, so only this user may enter it.
  await mkdir(paths.root, { recursive: true, mode: 0o700 });
  await chmod(paths.root, 0o700);
  await mkdir(paths.dynamodb, { recursive: true });
  await mkdir(join(paths.root, 'secrets'), { recursive: true, mode: 0o700 });

  const createdKey = await createOnce(paths.tokenKeys, () => `${JSON.stringify(generateKeyRing(now), null, 2)}\n`);
  const createdAdminPassword = await createOnce(paths.adminPassword, () => `${generatePassword()}\n`);
  await createOnce(paths.adminSessionKey, () => `${randomBytes(32).toString('base64url')}\n`);
  return { createdKey, createdAdminPassword };
}

/** Writes a secret file unless it exists. The 'wx' flag fails if another process wrote it first, so a secret is never overwritten. */
async function createOnce(path: string, content: () => string): Promise<boolean> {
  try {
    await readFile(path, 'utf8');
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }

  try {
    await writeFile(path, content(), { mode: 0o600, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }

    throw error;
  }
}

/**
 * 20 characters from a 32-letter alphabet without look-alikes (no 0/O, 1/l/I), in groups of five:
 * 100 bits, easy to read off a terminal and type.
 */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const letters = [...randomBytes(20)].map((byte) => alphabet[byte % alphabet.length]);
  return [0, 5, 10, 15].map((start) => letters.slice(start, start + 5).join('')).join('-');
}
