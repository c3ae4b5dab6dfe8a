import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDataPaths } from '../src/local/data-dir.ts';
import type { StackState } from '../src/local/stack-state.ts';
import { readLiveState } from '../src/local/stack-state.ts';

export interface StackProcess {
  dataDir: string;
  state: StackState;
  /** Stops the stack process and deletes its data folder. */
  stop(): Promise<void>;
}

/**
 * Starts the local stack (`src/local/start.ts`, as `npm start` runs it) in its own process on a
 * fresh data folder, with a free HTTP port, the extra environment `env` and the Node.js options
 * `nodeArguments`, and waits until it serves. All its servers listen on 127.0.0.1.
 */
export async function startStackProcess(env: Record<string, string>, nodeArguments: string[] = []): Promise<StackProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'starling-bench-'));
  const child = spawn(process.execPath, [...nodeArguments, '--import', 'tsx', 'src/local/start.ts'], {
    env: { ...process.env, ...env, STARLING_DATA_DIR: dataDir, PORT: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  const stop = async () => {
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const state = await waitForServer(resolveDataPaths({ STARLING_DATA_DIR: dataDir }).state, child);
    return { dataDir, state, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }

  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function waitForServer(statePath: string, child: ChildProcess): Promise<StackState> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) {
      throw new Error(`the local stack exited with code ${child.exitCode} before it served`);
    }

    const state = await readLiveState(statePath);
    if (state?.url) {
      return state;
    }

    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  throw new Error('the local stack did not start within 20 seconds');
}
