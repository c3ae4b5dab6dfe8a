import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RunRecord, RunStore } from '../../core/invitation-run/run-record.ts';
import { isConditionFailure } from './document-client.ts';

/** The item that holds the sending lease; run ids never take this form. */
const LEASE_KEY = '#lease';

/** Invitation runs and their checkpoints, one item per run; `expiresAt` is the table's TTL attribute. */
export class DynamoRunStore implements RunStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(runId: string): Promise<RunRecord | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { runId }, ConsistentRead: true }));
    return result.Item as RunRecord | undefined;
  }

  async create(run: RunRecord): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: run, ConditionExpression: 'attribute_not_exists(runId)' }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) {
        return false;
      }

      throw error;
    }
  }

  async save(run: RunRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: run }));
  }

  async acquireLease(runId: string, now: string, until: string): Promise<{ acquired: true } | { acquired: false; holder: string }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { runId: LEASE_KEY, holder: runId, until },
          ConditionExpression: 'attribute_not_exists(runId) OR #until < :now OR holder = :holder',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now, ':holder': runId },
        }),
      );
      return { acquired: true };
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw error;
      }
    }

    const lease = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { runId: LEASE_KEY }, ConsistentRead: true }));
    return { acquired: false, holder: String(lease.Item?.holder ?? 'unknown') };
  }

  async releaseLease(runId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { runId: LEASE_KEY }, ConditionExpression: 'holder = :holder', ExpressionAttributeValues: { ':holder': runId } }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw error;
      }
    }
  }
}
