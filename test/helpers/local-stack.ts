import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StoredKeyRing } from '../../src/adapters/secrets/token-key-ring.ts';
import { resolveDataPaths } from '../../src/local/data-dir.ts';
import type { DataPaths } from '../../src/local/data-dir.ts';
import type { OutboxEntry } from '../../src/local/outbox-entry.ts';
import type { SnsStandIn } from '../../src/local/sns-stand-in.ts';
import { startLocalStack } from '../../src/local/stack.ts';

export interface TestStack {
  url: string;
  paths: DataPaths;
  outbox(): Promise<OutboxEntry[]>;
  /** The stack's SNS stand-in: `setFaults` injects failures and `stats` counts publishes by outcome. */
  snsStandIn: SnsStandIn;
  close(): Promise<void>;
}

/**
 * Starts the real local stack (dynalite, SNS stand-in, HTTP API) on free ports in a fresh data
 * folder. The functions read process-wide settings once, so use one stack per test file.
 */
export async function startTestStack(options: { logLevel?: string; tokenKeys?: StoredKeyRing } = {}): Promise<TestStack> {
  const root = await mkdtemp(join(tmpdir(), 'starling-test-'));
  const paths = resolveDataPaths({ STARLING_DATA_DIR: root });
  if (options.tokenKeys) {
    await mkdir(dirname(paths.tokenKeys), { recursive: true });
    await writeFile(paths.tokenKeys, JSON.stringify(options.tokenKeys), { mode: 0o600 });
  }

  process.env.STARLING_BUSINESS_NAME = 'Harbor Coffee';
  process.env.STARLING_SENDING_WINDOW = '0-24';
  process.env.POWERTOOLS_LOG_LEVEL = options.logLevel ?? 'ERROR';

  const stack = await startLocalStack({ paths, port: 0, owner: 'server', logger: console });

  return {
    url: stack.url ?? '',
    paths,
    outbox: () => stack.outbox.list(),
    snsStandIn: stack.snsStandIn,
    close: async () => {
      await stack.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
