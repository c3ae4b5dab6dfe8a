import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '../../core/customers.ts';
import type { CustomerStore, Page } from '../../core/ports.ts';
import { decodeCursor, encodeCursor, isConditionFailure } from './document-client.ts';
import { INDEX } from './table-definitions.ts';

export class DynamoCustomerStore implements CustomerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(customerId: string): Promise<Customer | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { customerId } }));
    return result.Item as Customer | undefined;
  }

  findByPhone(phone: string): Promise<Customer | undefined> {
    return this.findOne(INDEX.customersByPhone, 'phone', phone);
  }

  findByEmail(email: string): Promise<Customer | undefined> {
    return this.findOne(INDEX.customersByEmail, 'email', email);
  }

  async put(customer: Customer): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: customer }));
  }

  async scanPage(cursor?: string, segment?: { index: number; total: number }, limit?: number): Promise<Page<Customer>> {
    const result = await this.client.send(
      new ScanCommand({
        TableName: this.tableName,
        ExclusiveStartKey: decodeCursor(cursor),
        ...(segment ? { Segment: segment.index, TotalSegments: segment.total } : {}),
        ...(limit ? { Limit: limit } : {}),
      }),
    );
    return { items: (result.Items ?? []) as Customer[], nextCursor: encodeCursor(result.LastEvaluatedKey) };
  }

  async markOptedOut(customerId: string, at: string): Promise<boolean> {
    try {
      await this.update(customerId, 'SET optedOut = :true, optedOutAt = :at, updatedAt = :at', { ':true': true, ':at': at });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) {
        return false;
      }

      throw error;
    }
  }

  async recordInvitation(customerId: string, invitation: { invitationId: string; sentAt: string; expiresAt: string }): Promise<void> {
    await this.update(customerId, 'SET lastInvitationId = :id, lastInvitedAt = :sentAt, lastInvitationExpiresAt = :expiresAt', {
      ':id': invitation.invitationId,
      ':sentAt': invitation.sentAt,
      ':expiresAt': invitation.expiresAt,
    });
  }

  async recordReminder(customerId: string, invitationId: string): Promise<void> {
    await this.update(customerId, 'SET remindedInvitationId = :id', { ':id': invitationId });
  }

  async revertInvitation(customerId: string, invitationId: string, previous: Pick<Customer, 'lastInvitationId' | 'lastInvitedAt' | 'lastInvitationExpiresAt'>): Promise<void> {
    const fields = ['lastInvitationId', 'lastInvitedAt', 'lastInvitationExpiresAt'] as const;
    const set = fields.filter((field) => previous[field] !== undefined);
    const remove = fields.filter((field) => previous[field] === undefined);
    const expression = [set.length ? `SET ${set.map((field) => `${field} = :${field}`).join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : '']
      .filter(Boolean)
      .join(' ');

    await this.updateIfCurrent(customerId, expression, 'lastInvitationId = :current', {
      ':current': invitationId,
      ...Object.fromEntries(set.map((field) => [`:${field}`, previous[field]])),
    });
  }

  async revertReminder(customerId: string, invitationId: string): Promise<void> {
    await this.updateIfCurrent(customerId, 'REMOVE remindedInvitationId', 'remindedInvitationId = :current', { ':current': invitationId });
  }

  /** Updates a customer only while the condition holds; a customer that moved on is left alone. */
  private async updateIfCurrent(customerId: string, expression: string, condition: string, values: Record<string, unknown>): Promise<void> {
    try {
      await this.client.send(new UpdateCommand({ TableName: this.tableName, Key: { customerId }, UpdateExpression: expression, ConditionExpression: condition, ExpressionAttributeValues: values }));
    } catch (error) {
      if (!isConditionFailure(error)) {
        throw error;
      }
    }
  }

  async recordReview(customerId: string, at: string): Promise<void> {
    await this.update(customerId, 'SET lastReviewedAt = :at', { ':at': at });
  }

  /** Updates attributes of an existing customer; the condition keeps an update from creating one. */
  private async update(customerId: string, expression: string, values: Record<string, unknown>): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { customerId },
        UpdateExpression: expression,
        ConditionExpression: 'attribute_exists(customerId)',
        ExpressionAttributeValues: values,
      }),
    );
  }

  private async findOne(indexName: string, attribute: string, value: string): Promise<Customer | undefined> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexName,
        KeyConditionExpression: '#attribute = :value',
        ExpressionAttributeNames: { '#attribute': attribute },
        ExpressionAttributeValues: { ':value': value },
        Limit: 1,
      }),
    );
    return result.Items?.[0] as Customer | undefined;
  }
}
