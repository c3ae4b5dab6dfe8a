import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '../../core/customers.ts';
import type { CustomerStore, Page } from '../../core/ports.ts';
import { decodeCursor, encodeCursor } from './document-client.ts';
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

  async scanPage(cursor?: string): Promise<Page<Customer>> {
    const result = await this.client.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: decodeCursor(cursor) }));
    return { items: (result.Items ?? []) as Customer[], nextCursor: encodeCursor(result.LastEvaluatedKey) };
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
