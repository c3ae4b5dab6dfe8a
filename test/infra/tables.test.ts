import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { tableDefinitions } from '../../src/adapters/dynamodb/table-definitions.ts';
import { logicalIdOf, synthesize } from './stack-fixture.ts';

const definitions = tableDefinitions({ customers: 'customers', invitations: 'invitations', reviews: 'reviews', runs: 'runs' });
const dev = synthesize();
const prod = synthesize({ stage: 'prod' });

function tableResource(synthesized: typeof dev, key: 'customers' | 'invitations' | 'reviews' | 'runs') {
  const logicalId = logicalIdOf(synthesized.stack, synthesized.stack.tables.tables[key]);
  const resource = synthesized.template.toJSON().Resources[logicalId];
  return { logicalId, resource, properties: resource.Properties };
}

describe('DynamoDB tables and data retention', () => {
  it('creates exactly the four tables', () => {
    dev.template.resourceCountIs('AWS::DynamoDB::Table', 4);
  });

  describe.each(definitions.map((definition) => [definition.TableName as 'customers' | 'invitations' | 'reviews' | 'runs', definition] as const))('%s table', (key, definition) => {
    const { properties } = tableResource(dev, key);

    it('matches the key schema of the table definition', () => {
      expect(properties.KeySchema).toEqual(definition.KeySchema);
    });

    it('defines the same attributes', () => {
      const sortByName = (list: { AttributeName?: string }[]) => [...list].sort((a, b) => String(a.AttributeName).localeCompare(String(b.AttributeName)));
      expect(sortByName(properties.AttributeDefinitions)).toEqual(sortByName(definition.AttributeDefinitions ?? []));
    });

    it('has every global secondary index', () => {
      const expected = (definition.GlobalSecondaryIndexes ?? []).map((index) => ({ IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection }));
      expect(properties.GlobalSecondaryIndexes ?? []).toEqual(expected);
    });

    it('bills on demand', () => {
      expect(properties.BillingMode).toBe('PAY_PER_REQUEST');
    });

    it('has point-in-time recovery', () => {
      expect(properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    });
  });

  it('sets TTL on the runs table expiresAt', () => {
    expect(tableResource(dev, 'runs').properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('sets no TTL on the other tables', () => {
    for (const key of ['customers', 'invitations', 'reviews'] as const) {
      expect(tableResource(dev, key).properties.TimeToLiveSpecification, key).toBeUndefined();
    }
  });

  it('deletes dev tables with the stack', () => {
    for (const key of ['customers', 'invitations', 'reviews', 'runs'] as const) {
      const { resource } = tableResource(dev, key);
      expect(resource.DeletionPolicy, key).toBe('Delete');
      expect(resource.Properties.DeletionProtectionEnabled, key).toBe(false);
    }
  });

  it('retains and protects prod tables', () => {
    for (const key of ['customers', 'invitations', 'reviews', 'runs'] as const) {
      const { resource } = tableResource(prod, key);
      expect(resource.DeletionPolicy, key).toBe('Retain');
      expect(resource.UpdateReplacePolicy, key).toBe('Retain');
      expect(resource.Properties.DeletionProtectionEnabled, key).toBe(true);
    }
  });

  it('protects only the prod stack from deletion', () => {
    expect(prod.stack.terminationProtection).toBe(true);
    expect(dev.stack.terminationProtection).toBe(false);
  });

  it('retains prod logs and deletes dev logs', () => {
    for (const resource of Object.values(prod.template.findResources('AWS::Logs::LogGroup'))) {
      expect(resource.DeletionPolicy).toBe('Retain');
    }

    for (const resource of Object.values(dev.template.findResources('AWS::Logs::LogGroup'))) {
      expect(resource.DeletionPolicy).toBe('Delete');
    }
  });

  it('lets CloudFormation name the tables', () => {
    dev.template.allResourcesProperties('AWS::DynamoDB::Table', { TableName: Match.absent() });
  });
});
