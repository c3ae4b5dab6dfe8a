import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RunRecord, RunStore } from '../../core/invitation-run/run-record.ts';
import { isConditionFailure } from './document-client.ts';

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
}
