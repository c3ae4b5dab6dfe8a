import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../src/adapters/dynamodb/document-client.ts';
import { parseKeyRing } from '../src/adapters/secrets/token-key-ring.ts';
import { createInvitation } from '../src/core/invitations.ts';
import { signToken } from '../src/core/tokens.ts';
import { resolveDataPaths } from '../src/local/data-dir.ts';
import { LOCAL_TABLES, applyLocalEnvironment } from '../src/local/environment.ts';
import type { StackState } from '../src/local/stack-state.ts';

const BATCH_SIZE = 25;

/**
 * Stores `count` customers with one open invitation each in a running local stack, and returns
 * their link tokens. It writes in batches, so seeding takes seconds rather than the SMS run's time.
 */
export async function seedInvitations(dataDir: string, state: StackState, count: number): Promise<string[]> {
  const paths = resolveDataPaths({ STARLING_DATA_DIR: dataDir });
  applyLocalEnvironment(paths, { dynamodb: state.dynamodbEndpoint, sns: state.snsEndpoint, publicUrl: state.url ?? '' });
  const keyRing = parseKeyRing(JSON.parse(await readFile(paths.tokenKeys, 'utf8')), paths.tokenKeys);
  const client = createDocumentClient();

  const now = new Date();
  const customers = [];
  const invitations = [];
  for (let index = 0; index < count; index += 1) {
    const customerId = `cus_${randomUUID().replaceAll('-', '')}`;
    customers.push({ customerId, name: `Customer ${index}`, firstName: 'Customer', status: 'active', smsConsent: true, phone: `+1415555${String(index % 10_000).padStart(4, '0')}`, createdAt: now.toISOString(), updatedAt: now.toISOString() });
    invitations.push(createInvitation(customerId, now, 7));
  }

  await writeAll(client, LOCAL_TABLES.customers, customers);
  await writeAll(client, LOCAL_TABLES.invitations, invitations);
  return invitations.map((invitation) => signToken(keyRing, invitation.invitationId, new Date(invitation.expiresAt)));
}

async function writeAll(client: ReturnType<typeof createDocumentClient>, table: string, items: object[]): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    const requests = items.slice(start, start + BATCH_SIZE).map((Item) => ({ PutRequest: { Item: Item as Record<string, unknown> } }));
    const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
    if (Object.keys(result.UnprocessedItems ?? {}).length > 0) {
      throw new Error(`dynalite left items of ${table} unprocessed; rerun the benchmark`);
    }
  }
}
