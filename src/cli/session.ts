import { existsSync } from 'node:fs';
import { resolveDataPaths } from '../local/data-dir.ts';
import type { DataPaths } from '../local/data-dir.ts';
import { applyLocalEnvironment } from '../local/environment.ts';
import type { OutboxEntry } from '../local/outbox-entry.ts';
import { startLocalStack } from '../local/stack.ts';
import { readLiveState } from '../local/stack-state.ts';

export interface CliSession {
  paths: DataPaths;
  /** Whether the command uses a running `npm start` rather than servers of its own. */
  attached: boolean;
}

/**
 * Runs a command on the local data, with or without `npm start` running. With a running stack the
 * command uses its servers. Otherwise it starts DynamoDB and the SNS stand-in itself on the same
 * data folder and stops them afterwards, because only one process may open the folder at a time.
 */
export async function withLocalData<T>(run: (session: CliSession) => Promise<T>, onMessage?: (entry: OutboxEntry) => void): Promise<T> {
  const paths = resolveDataPaths();
  const owner = await readLiveState(paths.state);

  if (owner?.owner === 'server' && owner.dynamodbEndpoint && owner.snsEndpoint) {
    applyLocalEnvironment(paths, { dynamodb: owner.dynamodbEndpoint, sns: owner.snsEndpoint, publicUrl: owner.url ?? defaultPublicUrl() });
    return run({ paths, attached: true });
  }

  if (owner) {
    const holder = owner.owner === 'server' ? 'npm start, which is still starting,' : 'another starling command';
    throw new Error(`${holder} (process ${owner.pid}) is using ${paths.root}; wait a moment and try again`);
  }

  if (!existsSync(paths.root)) {
    // Usually a missing STARLING_DATA_DIR: the data of a server started with one is elsewhere.
    console.error(`starling: no data folder at ${paths.root} yet, so a new, empty one is created there. Set STARLING_DATA_DIR to use another.`);
  }

  const stack = await startLocalStack({ paths, owner: 'cli', publicUrl: defaultPublicUrl(), onMessage, logger: console });
  try {
    return await run({ paths, attached: false });
  } finally {
    await stack.close();
  }
}

/** The address `npm start` will serve links on, so links sent while it is stopped work once it starts. */
function defaultPublicUrl(): string {
  return `http://127.0.0.1:${process.env.PORT?.trim() || '3000'}`;
}
