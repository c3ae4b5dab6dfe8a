import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { InvitationExistsError } from '../../core/errors.ts';
import type { Invitation } from '../../core/invitations.ts';
import type { InvitationStore, Page } from '../../core/ports.ts';
import { decodeCursor, encodeCursor, isConditionFailure } from './document-client.ts';

export class DynamoInvitationStore implements InvitationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(invitation: Invitation): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: invitation, ConditionExpression: 'attribute_not_exists(invitationId)' }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new InvitationExistsError(`invitation ${invitation.invitationId} already exists`, { cause: error });
      }

      throw error;
    }
  }

  async get(invitationId: string): Promise<Invitation | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { invitationId }, ConsistentRead: true }));
    return result.Item as Invitation | undefined;
  }

  async markSent(invitationId: string, messageId: string, sentAt: string): Promise<void> {
    await this.update(invitationId, 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt', {
      ':sent': 'sent',
      ':messageId': messageId,
      ':sentAt': sentAt,
    });
  }

  async markFailed(invitationId: string, failure: string): Promise<void> {
    await this.update(invitationId, 'SET #status = :failed, failure = :failure', { ':failed': 'failed', ':failure': failure });
  }

  async markUnconfirmed(invitationId: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { invitationId },
          UpdateExpression: 'SET #status = :unconfirmed',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':unconfirmed': 'unconfirmed', ':pending': 'pending' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw error;
      }
    }
  }

  async markOpened(invitationId: string, openedAt: string): Promise<void> {
    await this.updateOnce(invitationId, 'openedAt', openedAt);
  }

  async markUsed(invitationId: string, usedAt: string): Promise<void> {
    await this.updateOnce(invitationId, 'usedAt', usedAt);
  }

  async scanPage(cursor?: string): Promise<Page<Invitation>> {
    const result = await this.client.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: decodeCursor(cursor) }));
    return { items: (result.Items ?? []) as Invitation[], nextCursor: encodeCursor(result.LastEvaluatedKey) };
  }

  private async update(invitationId: string, expression: string, values: Record<string, unknown>): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { invitationId },
        UpdateExpression: expression,
        ConditionExpression: 'attribute_exists(invitationId)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Sets a timestamp only when it is not set yet, so the first time is the one kept. */
  private async updateOnce(invitationId: string, attribute: 'openedAt' | 'usedAt', value: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { invitationId },
          UpdateExpression: 'SET #attribute = :value',
          ConditionExpression: 'attribute_exists(invitationId) AND attribute_not_exists(#attribute)',
          ExpressionAttributeNames: { '#attribute': attribute },
          ExpressionAttributeValues: { ':value': value },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw error;
      }
    }
  }
}
