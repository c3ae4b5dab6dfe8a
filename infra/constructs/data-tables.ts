import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableNames } from '../../src/adapters/dynamodb/table-definitions.ts';
import { tableDefinitions } from '../../src/adapters/dynamodb/table-definitions.ts';

export type TableKey = keyof TableNames;

export interface DataTablesProps {
  /** Retains the tables when the stack is deleted and turns on deletion protection. */
  protectData: boolean;
}

/**
 * The four DynamoDB tables, built from the same definitions the local stack creates its tables
 * from, so the keys and indexes cannot drift apart. CloudFormation names the tables; the functions
 * receive the names in their environment.
 */
export class DataTables extends Construct {
  readonly tables: Readonly<Record<TableKey, dynamodb.Table>>;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);

    // The definitions take table names. Passing each key as its name identifies each definition.
    const keys: TableKey[] = ['customers', 'invitations', 'reviews', 'runs'];
    const definitions = tableDefinitions({ customers: 'customers', invitations: 'invitations', reviews: 'reviews', runs: 'runs' });
    const tables = {} as Record<TableKey, dynamodb.Table>;

    for (const key of keys) {
      const definition = definitions.find((candidate) => candidate.TableName === key);
      if (!definition) {
        throw new Error(`tableDefinitions() returned no definition for the ${key} table`);
      }

      tables[key] = this.createTable(key, definition, props);
    }

    this.tables = tables;
  }

  private createTable(key: TableKey, definition: TableDefinition, props: DataTablesProps): dynamodb.Table {
    const attributeType = attributeTypes(definition);
    const keySchema = definition.KeySchema ?? [];

    const table = new dynamodb.Table(this, capitalize(key), {
      partitionKey: keyAttribute(keySchema, 'HASH', attributeType, key),
      sortKey: optionalKeyAttribute(keySchema, 'RANGE', attributeType, key),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.protectData,
      removalPolicy: props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // Only the runs table has a TTL. Its `expiresAt` is Unix seconds, the type TTL reads. An
      // invitation's `expiresAt` is an ISO 8601 string, which TTL ignores, and invitations are the
      // SMS audit trail, so they are kept.
      timeToLiveAttribute: key === 'runs' ? 'expiresAt' : undefined,
    });

    for (const index of definition.GlobalSecondaryIndexes ?? []) {
      if (index.Projection?.ProjectionType !== 'ALL') {
        throw new Error(`index ${index.IndexName} of the ${key} table projects ${index.Projection?.ProjectionType}; the stack builds only ALL projections`);
      }

      table.addGlobalSecondaryIndex({
        indexName: required(index.IndexName, `an index of the ${key} table has no name`),
        partitionKey: keyAttribute(index.KeySchema ?? [], 'HASH', attributeType, key),
        sortKey: optionalKeyAttribute(index.KeySchema ?? [], 'RANGE', attributeType, key),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    return table;
  }
}

type TableDefinition = ReturnType<typeof tableDefinitions>[number];

const ATTRIBUTE_TYPES: Record<'S' | 'N' | 'B', dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};
type KeySchema = NonNullable<TableDefinition['KeySchema']>;

function attributeTypes(definition: TableDefinition): Map<string, dynamodb.AttributeType> {
  const types = new Map<string, dynamodb.AttributeType>();
  for (const attribute of definition.AttributeDefinitions ?? []) {
    const name = required(attribute.AttributeName, `an attribute of the ${definition.TableName} table has no name`);
    types.set(name, ATTRIBUTE_TYPES[attribute.AttributeType ?? 'S']);
  }

  return types;
}

function optionalKeyAttribute(schema: KeySchema, keyType: 'HASH' | 'RANGE', types: Map<string, dynamodb.AttributeType>, table: string): dynamodb.Attribute | undefined {
  const element = schema.find((candidate) => candidate.KeyType === keyType);
  if (!element) {
    return undefined;
  }

  const name = required(element.AttributeName, `a ${keyType} key of the ${table} table has no attribute name`);
  const type = types.get(name);
  if (!type) {
    throw new Error(`key attribute ${name} of the ${table} table is missing from its AttributeDefinitions`);
  }

  return { name, type };
}

function keyAttribute(schema: KeySchema, keyType: 'HASH', types: Map<string, dynamodb.AttributeType>, table: string): dynamodb.Attribute {
  return required(optionalKeyAttribute(schema, keyType, types, table), `the ${table} table or one of its indexes has no partition key`);
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) {
    throw new Error(message);
  }

  return value;
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
