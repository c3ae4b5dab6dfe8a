import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateKeyRing } from '../adapters/secrets/token-key-ring.ts';

/** Files of the local stack, all inside one data folder (`.starling/`, or the folder in STARLING_DATA_DIR). */
export interface DataPaths {
  root: string;
  dynamodb: string;
  tokenKeys: string;
  outbox: string;
  state: string;
}

export function resolveDataPaths(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): DataPaths {
  const root = resolve(cwd, env.STARLING_DATA_DIR?.trim() || '.starling');
  return {
    root,
    dynamodb: join(root, 'dynamodb'),
    tokenKeys: join(root, 'secrets', 'token-keys.json'),
    outbox: join(root, 'outbox.jsonl'),
    state: join(root, 'stack.json'),
  };
}

/** Creates the data folder and, on first start, a fresh token signing key readable only by this user. */
export async function prepareDataDir(paths: DataPaths, now: Date): Promise<{ createdKey: boolean }> {
  // The folder contains customers' names and phone numbers, so only this user may enter it.
  await mkdir(paths.root, { recursive: true, mode: 0o700 });
  await chmod(paths.root, 0o700);
  await mkdir(paths.dynamodb, { recursive: true });
  await mkdir(join(paths.root, 'secrets'), { recursive: true, mode: 0o700 });

  try {
    await readFile(paths.tokenKeys, 'utf8');
    return { createdKey: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }

  // The 'wx' flag fails if another process created the file first, so a key is never overwritten.
  await writeFile(paths.tokenKeys, `${JSON.stringify(generateKeyRing(now), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { createdKey: true };
}
