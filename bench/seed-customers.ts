import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../src/adapters/dynamodb/document-client.ts';
import type { Customer } from '../src/core/customers.ts';
import { resolveDataPaths } from '../src/local/data-dir.ts';
import { LOCAL_TABLES, applyLocalEnvironment } from '../src/local/environment.ts';
import type { StackState } from '../src/local/stack-state.ts';

/** DynamoDB accepts at most 25 puts in one BatchWriteItem. */
const BATCH_SIZE = 25;
const PARALLEL_BATCHES = 4;

/**
 * Stores `count` active customers with SMS consent and distinct US numbers in a running local
 * stack, 25 per BatchWriteItem and 4 requests at a time, so seeding takes seconds.
 */
export async function seedCustomers(dataDir: string, state: StackState, count: number): Promise<void> {
  applyLocalEnvironment(resolveDataPaths({ STARLING_DATA_DIR: dataDir }), { dynamodb: state.dynamodbEndpoint, sns: state.snsEndpoint, publicUrl: state.url ?? '' });
  const client = createDocumentClient();
  const now = new Date().toISOString();

  const batches: Customer[][] = [];
  for (let start = 0; start < count; start += BATCH_SIZE) {
    const size = Math.min(BATCH_SIZE, count - start);
    batches.push(
      Array.from({ length: size }, (_, offset) => benchCustomer(start + offset, new Date(now))),
    );
  }

  try {
    for (let start = 0; start < batches.length; start += PARALLEL_BATCHES) {
      await Promise.all(batches.slice(start, start + PARALLEL_BATCHES).map((customers) => writeBatch(client, customers)));
    }
  } finally {
    client.destroy();
  }
}

async function writeBatch(client: ReturnType<typeof createDocumentClient>, customers: Customer[]): Promise<void> {
  const requests = customers.map((customer) => ({ PutRequest: { Item: { ...customer } } }));
  const result = await client.send(new BatchWriteCommand({ RequestItems: { [LOCAL_TABLES.customers]: requests } }));
  if (Object.keys(result.UnprocessedItems ?? {}).length > 0) {
    throw new Error(`dynalite left customers of ${LOCAL_TABLES.customers} unprocessed; rerun the benchmark`);
  }
}

/** Builds the benchmark's customer number `index`, with a phone number unique to it. */
export function benchCustomer(index: number, createdAt: Date): Customer {
  return {
    customerId: `bench-${String(index).padStart(6, '0')}`,
    phone: `+1415${String(5_000_000 + index).padStart(7, '0')}`,
    name: `Customer ${index}`,
    firstName: 'Sam',
    status: 'active',
    smsConsent: true,
    createdAt: createdAt.toISOString(),
    updatedAt: createdAt.toISOString(),
  };
}
