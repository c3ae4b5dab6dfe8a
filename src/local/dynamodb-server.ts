import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { TableNames } from '../adapters/dynamodb/table-definitions.ts';
import { tableDefinitions } from '../adapters/dynamodb/table-definitions.ts';

export interface RunningServer {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite on 127.0.0.1, persisted in `path`. Only one process may open a folder: a second
 * dynalite on the same folder crashes, which the stack state file prevents.
 */
export async function startDynamoDbServer(path: string): Promise<RunningServer> {
  // Zero delays: dynalite otherwise mimics the seconds DynamoDB takes to create a table.
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Creates the tables that do not exist yet, each with all its indexes. Returns the names it created. */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<string[]> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    page.TableNames?.forEach((name) => existing.add(name));
    start = page.LastEvaluatedTableName;
  } while (start);

  const created: string[] = [];
  for (const definition of tableDefinitions(names)) {
    if (definition.TableName && !existing.has(definition.TableName)) {
      await client.send(new CreateTableCommand(definition));
      created.push(definition.TableName);
    }
  }

  await Promise.all(created.map((name) => waitUntilActive(client, name)));
  return created;
}

/**
 * Waits for a new table to become ACTIVE. dynalite reports a table ACTIVE on a timer even with
 * `createTableMs: 0` and rejects item requests until then, so writing at once can fail.
 */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) {
      return;
    }

    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  throw new Error(`table ${tableName} did not become active within 2 seconds`);
}

