import { readFile, rm, writeFile } from 'node:fs/promises';

/**
 * The state file marks which process owns the data folder, because two DynamoDB servers on one
 * folder crash. `npm start` owns it while it runs; a CLI command owns it briefly when no server runs.
 */
export interface StackState {
  pid: number;
  owner: 'server' | 'cli';
  dynamodbEndpoint: string;
  snsEndpoint: string;
  /** Base URL of the running HTTP server; absent when the CLI owns the folder. */
  url?: string;
  startedAt: string;
}

/** Returns the state of the live owner, or undefined when no live process owns the folder. A stale file is ignored. */
export async function readLiveState(path: string): Promise<StackState | undefined> {
  let state: StackState;
  try {
    state = JSON.parse(await readFile(path, 'utf8')) as StackState;
  } catch {
    return undefined;
  }

  return state.pid !== process.pid && isProcessAlive(state.pid) ? state : undefined;
}

/**
 * Claims the data folder for this process. Returns undefined on success, or the live owner's
 * state when another process owns it. The exclusive create lets only one of two racing claims win.
 */
export async function claimState(path: string, state: StackState): Promise<StackState | undefined> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(path, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }

    const owner = await readLiveState(path);
    if (owner) {
      return owner;
    }

    await rm(path, { force: true });
  }

  throw new Error(`could not claim the data folder: ${path} keeps reappearing; is another Starling process starting?`);
}

/** Rewrites this process's own state, for example once the HTTP server has its URL. */
export async function updateState(path: string, state: StackState): Promise<void> {
  await writeFile(path, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the state file if this process wrote it. */
export async function clearState(path: string): Promise<void> {
  try {
    const state = JSON.parse(await readFile(path, 'utf8')) as StackState;
    if (state.pid === process.pid) {
      await rm(path, { force: true });
    }
  } catch {
    // Nothing to clear.
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
