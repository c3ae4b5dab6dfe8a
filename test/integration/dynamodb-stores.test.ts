import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerStore } from '../../src/adapters/dynamodb/customer-store.ts';
import { createDocumentClient } from '../../src/adapters/dynamodb/document-client.ts';
import { DynamoInvitationStore } from '../../src/adapters/dynamodb/invitation-store.ts';
import { DynamoReviewStore } from '../../src/adapters/dynamodb/review-store.ts';
import { DynamoRunStore } from '../../src/adapters/dynamodb/run-store.ts';
import { InvitationExistsError } from '../../src/core/errors.ts';
import { createInvitation } from '../../src/core/invitations.ts';
import type { Review } from '../../src/core/reviews.ts';
import type { RunningServer } from '../../src/local/dynamodb-server.ts';
import { ensureTables, startDynamoDbServer } from '../../src/local/dynamodb-server.ts';
import { LOCAL_TABLES } from '../../src/local/environment.ts';

const CUSTOMER_COUNT = 1200;
/** About 1 KB per item, so the table is larger than one 1 MB scan page. */
const PADDING = 'x'.repeat(1000);

describe('DynamoDB stores on dynalite', () => {
  let folder: string;
  let server: RunningServer;
  let documentClient: DynamoDBDocumentClient;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'starling-dynamodb-'));
    server = await startDynamoDbServer(folder);
    const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTables(client, LOCAL_TABLES);
    documentClient = createDocumentClient(client);
  });

  afterAll(async () => {
    await server?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('creates each table once', async () => {
    const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

    expect(await ensureTables(client, LOCAL_TABLES)).toEqual([]);
  });

  it('scans every customer past the 1 MB page', async () => {
    await writeCustomers(documentClient, CUSTOMER_COUNT);
    const store = new DynamoCustomerStore(documentClient, LOCAL_TABLES.customers);

    const seen = new Set<string>();
    let pages = 0;
    let cursor: string | undefined;
    do {
      const page = await store.scanPage(cursor);
      page.items.forEach((customer) => seen.add(customer.customerId));
      pages += 1;
      cursor = page.nextCursor;
    } while (cursor);

    expect(pages).toBeGreaterThan(1);
    expect(seen.size).toBe(CUSTOMER_COUNT);
  });

  it('finds a customer by phone and by email', async () => {
    const store = new DynamoCustomerStore(documentClient, LOCAL_TABLES.customers);

    expect((await store.findByPhone('+14155550007'))?.customerId).toBe('cus_7');
    expect((await store.findByEmail('customer7@example.com'))?.customerId).toBe('cus_7');
    expect(await store.findByPhone('+19999999999')).toBeUndefined();
  });

  it('stores exactly one of concurrent reviews for one id', async () => {
    const store = new DynamoReviewStore(documentClient, LOCAL_TABLES.reviews);
    const reviews = Array.from({ length: 20 }, (_, index): Review => ({
      reviewId: 'review-race',
      invitationId: 'invitation-race',
      customerId: 'cus_1',
      rating: (index % 5) + 1,
      text: `attempt ${index}`,
      status: 'new',
      createdAt: new Date().toISOString(),
    }));

    const results = await Promise.all(reviews.map((review) => store.createOnce(review)));
    const stored = await store.get('review-race');

    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results.every((result) => result.review.text === stored?.text)).toBe(true);
  });

  it('rejects a second invitation with the same id', async () => {
    const store = new DynamoInvitationStore(documentClient, LOCAL_TABLES.invitations);
    const invitation = createInvitation('cus_1', new Date(), 7);

    await store.create(invitation);

    await expect(store.create(invitation)).rejects.toBeInstanceOf(InvitationExistsError);
  });

  it('keeps the first open and use times', async () => {
    const store = new DynamoInvitationStore(documentClient, LOCAL_TABLES.invitations);
    const invitation = createInvitation('cus_1', new Date(), 7);
    await store.create(invitation);

    await store.markOpened(invitation.invitationId, '2026-01-01T00:00:00.000Z');
    await store.markOpened(invitation.invitationId, '2026-01-02T00:00:00.000Z');
    await store.markUsed(invitation.invitationId, '2026-01-03T00:00:00.000Z');
    await store.markUsed(invitation.invitationId, '2026-01-04T00:00:00.000Z');
    const stored = await store.get(invitation.invitationId);

    expect(stored?.openedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(stored?.usedAt).toBe('2026-01-03T00:00:00.000Z');
  });

  it('records the message id of a sent invitation', async () => {
    const store = new DynamoInvitationStore(documentClient, LOCAL_TABLES.invitations);
    const invitation = createInvitation('cus_1', new Date(), 7);
    await store.create(invitation);

    await store.markSent(invitation.invitationId, 'message-42', '2026-01-01T00:00:00.000Z');
    const stored = await store.get(invitation.invitationId);

    expect(stored).toMatchObject({ status: 'sent', messageId: 'message-42', sentAt: '2026-01-01T00:00:00.000Z' });
  });
});

describe('DynamoRunStore lease on dynalite', () => {
  let folder: string;
  let server: RunningServer;
  let store: DynamoRunStore;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'starling-lease-'));
    server = await startDynamoDbServer(folder);
    const client = new DynamoDBClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTables(client, LOCAL_TABLES);
    store = new DynamoRunStore(createDocumentClient(client), LOCAL_TABLES.runs);
  });

  afterAll(async () => {
    await server?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('grants the lease to one run at a time', async () => {
    const first = await store.acquireLease('run-a', '2026-01-01T10:00:00.000Z', '2026-01-01T10:20:00.000Z');
    const second = await store.acquireLease('run-b', '2026-01-01T10:05:00.000Z', '2026-01-01T10:25:00.000Z');
    const again = await store.acquireLease('run-a', '2026-01-01T10:06:00.000Z', '2026-01-01T10:26:00.000Z');

    expect(first).toEqual({ acquired: true });
    expect(second).toEqual({ acquired: false, holder: 'run-a' });
    expect(again).toEqual({ acquired: true });
  });

  it('grants an expired lease to another run', async () => {
    const taken = await store.acquireLease('run-c', '2026-01-01T11:00:00.000Z', '2026-01-01T11:20:00.000Z');

    expect(taken).toEqual({ acquired: true });
  });

  it('releases only the holder', async () => {
    await store.releaseLease('run-a');
    const blocked = await store.acquireLease('run-d', '2026-01-01T11:01:00.000Z', '2026-01-01T11:21:00.000Z');
    await store.releaseLease('run-c');
    const freed = await store.acquireLease('run-d', '2026-01-01T11:02:00.000Z', '2026-01-01T11:22:00.000Z');

    expect(blocked).toEqual({ acquired: false, holder: 'run-c' });
    expect(freed).toEqual({ acquired: true });
  });
});

async function writeCustomers(client: DynamoDBDocumentClient, count: number): Promise<void> {
  const now = new Date().toISOString();
  const items = Array.from({ length: count }, (_, index) => ({
    customerId: `cus_${index}`,
    phone: `+1415555${String(index).padStart(4, '0')}`,
    email: `customer${index}@example.com`,
    name: `Customer ${index}`,
    status: 'active',
    smsConsent: true,
    createdAt: now,
    updatedAt: now,
    note: PADDING,
  }));

  for (let start = 0; start < items.length; start += 25) {
    const batch = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    await client.send(new BatchWriteCommand({ RequestItems: { [LOCAL_TABLES.customers]: batch } }));
  }
}
