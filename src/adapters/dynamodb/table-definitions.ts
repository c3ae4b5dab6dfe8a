import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The shape of every table and index. The local stack creates tables from these, and every index
 * must be here from the start, because the local DynamoDB server (dynalite) cannot add one later.
 */
export interface TableNames {
  customers: string;
  invitations: string;
  reviews: string;
  runs: string;
}

export const INDEX = {
  customersByPhone: 'byPhone',
  customersByEmail: 'byEmail',
  invitationsByCustomer: 'byCustomer',
  reviewsByCustomer: 'byCustomer',
  reviewsByRating: 'byRating',
  reviewsByStatus: 'byStatus',
} as const;

type AttributeType = 'S' | 'N';

function index(name: string, partitionKey: string, sortKey?: string): NonNullable<CreateTableCommandInput['GlobalSecondaryIndexes']>[number] {
  return {
    IndexName: name,
    KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }, ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : [])],
    Projection: { ProjectionType: 'ALL' },
  };
}

function attributes(definitions: Record<string, AttributeType>): CreateTableCommandInput['AttributeDefinitions'] {
  return Object.entries(definitions).map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

export function tableDefinitions(names: TableNames): CreateTableCommandInput[] {
  return [
    {
      TableName: names.customers,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }],
      AttributeDefinitions: attributes({ customerId: 'S', phone: 'S', email: 'S' }),
      GlobalSecondaryIndexes: [index(INDEX.customersByPhone, 'phone'), index(INDEX.customersByEmail, 'email')],
    },
    {
      TableName: names.invitations,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'invitationId', KeyType: 'HASH' }],
      AttributeDefinitions: attributes({ invitationId: 'S', customerId: 'S', createdAt: 'S' }),
      GlobalSecondaryIndexes: [index(INDEX.invitationsByCustomer, 'customerId', 'createdAt')],
    },
    {
      TableName: names.reviews,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'reviewId', KeyType: 'HASH' }],
      AttributeDefinitions: attributes({ reviewId: 'S', customerId: 'S', createdAt: 'S', rating: 'N', status: 'S' }),
      GlobalSecondaryIndexes: [
        index(INDEX.reviewsByCustomer, 'customerId', 'createdAt'),
        index(INDEX.reviewsByRating, 'rating', 'createdAt'),
        index(INDEX.reviewsByStatus, 'status', 'createdAt'),
      ],
    },
    {
      TableName: names.runs,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'runId', KeyType: 'HASH' }],
      AttributeDefinitions: attributes({ runId: 'S' }),
    },
  ];
}
