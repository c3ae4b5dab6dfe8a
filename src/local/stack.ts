import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Logger } from '../core/ports.ts';
import type { DataPaths } from './data-dir.ts';
import { prepareDataDir } from './data-dir.ts';
import type { RunningServer } from './dynamodb-server.ts';
import { ensureTables, startDynamoDbServer } from './dynamodb-server.ts';
import { LOCAL_TABLES, applyLocalEnvironment } from './environment.ts';
import { createGateway } from './gateway.ts';
import { Outbox } from './outbox.ts';
import type { OutboxEntry } from './outbox-entry.ts';
import { faultsFromEnvironment } from './sns-faults.ts';
import type { SnsStandIn } from './sns-stand-in.ts';
import { startSnsStandIn } from './sns-stand-in.ts';
import type { StackState } from './stack-state.ts';
import { claimState, clearState, updateState } from './stack-state.ts';

export interface LocalStackOptions {
  paths: DataPaths;
  /** Port of the HTTP server; omit to run without one, as CLI commands do. 0 picks a free port. */
  port?: number;
  /** Base URL for links in SMS when no HTTP server runs here. */
  publicUrl?: string;
  owner: StackState['owner'];
  onMessage?: (entry: OutboxEntry) => void;
  logger: Pick<Logger, 'error'>;
}

export interface LocalStack {
  /** Base URL of the HTTP server, when one runs. */
  url?: string;
  outbox: Outbox;
  /** The SNS stand-in, for changing its injected faults and reading its request counts. */
  snsStandIn: SnsStandIn;
  createdTables: string[];
  createdKey: boolean;
  /** Whether this start generated the admin password, because the data folder had none. */
  createdAdminPassword: boolean;
  close(): Promise<void>;
}

/** Thrown when another live process already owns the data folder. */
export class DataDirInUseError extends Error {
  constructor(readonly owner: StackState) {
    super(`the data folder is in use by process ${owner.pid} (${owner.owner === 'server' ? `npm start at ${owner.url ?? 'starting'}` : 'a starling command'})`);
    this.name = 'DataDirInUseError';
  }
}

/**
 * Starts DynamoDB (dynalite), the SNS stand-in and, when a port is given, the local HTTP API, all on
 * 127.0.0.1 and all owned by this process, then sets the environment the functions read.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { paths } = options;
  const { createdKey, createdAdminPassword } = await prepareDataDir(paths, new Date());
  const state: StackState = { pid: process.pid, owner: options.owner, dynamodbEndpoint: '', snsEndpoint: '', startedAt: new Date().toISOString() };

  const owner = await claimState(paths.state, state);
  if (owner) {
    throw new DataDirInUseError(owner);
  }

  const servers: RunningServer[] = [];
  const close = async () => {
    for (const server of servers.reverse()) {
      await server.close();
    }

    await clearState(paths.state);
  };

  try {
    const dynamodb = await startDynamoDbServer(paths.dynamodb);
    servers.push(dynamodb);

    const outbox = new Outbox(paths.outbox);
    const sns = await startSnsStandIn({ outbox, onMessage: options.onMessage, faults: faultsFromEnvironment(process.env) });
    servers.push(sns);

    let url = options.publicUrl ?? 'http://127.0.0.1:3000';
    if (options.port !== undefined) {
      const http = await listen(createGateway({ outbox, logger: options.logger }), options.port);
      servers.push(http);
      url = http.endpoint;
    }

    applyLocalEnvironment(paths, { dynamodb: dynamodb.endpoint, sns: sns.endpoint, publicUrl: url });
    const createdTables = await ensureTables(new DynamoDBClient({ endpoint: dynamodb.endpoint }), LOCAL_TABLES);

    await updateState(paths.state, { ...state, dynamodbEndpoint: dynamodb.endpoint, snsEndpoint: sns.endpoint, ...(options.port !== undefined ? { url } : {}) });
    return { url: options.port !== undefined ? url : undefined, outbox, snsStandIn: sns, createdTables, createdKey, createdAdminPassword, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function listen(server: ReturnType<typeof createGateway>, port: number): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
