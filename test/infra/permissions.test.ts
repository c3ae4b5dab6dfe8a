import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FunctionName } from '../../infra/constructs/starling-function.ts';
import { PROJECT_ROOT } from '../../infra/constructs/starling-function.ts';
import { TABLE_ACCESS } from '../../infra/starling-stack.ts';
import { logicalIdOf, permissionsOf, resolved, synthesize } from './stack-fixture.ts';

const { stack, template } = synthesize();

/** A permission as `permissionsOf` writes it, from a construct attribute or a plain string. */
const allow = (action: string, resource: unknown) => `${action} ${resolved(stack, resource)}`;
const allowOnTable = (table: 'customers' | 'invitations' | 'reviews' | 'runs', ...actions: string[]) =>
  actions.map((action) => allow(`dynamodb:${action}`, stack.tables.tables[table].tableArn));

const logWrite = (name: FunctionName) => [
  allow('logs:CreateLogStream', stack.functions[name].logGroup.logGroupArn),
  allow('logs:PutLogEvents', stack.functions[name].logGroup.logGroupArn),
];
// X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permissions, so
// Lambda's active tracing grants them on `*`.
const xray = [allow('xray:PutTraceSegments', '*'), allow('xray:PutTelemetryRecords', '*')];
const smsToPhoneNumbers = allow('sns:Publish', '*');
const readSigningKeys = allow('secretsmanager:GetSecretValue', stack.tokenSecret.secret.secretArn);
const notifyAdmins = allow('sns:Publish', stack.messaging.adminTopic.topicArn);

const expectedPermissions: Record<FunctionName, string[]> = {
  'send-invitations': [
    ...logWrite('send-invitations'),
    ...xray,
    ...allowOnTable('customers', 'Scan', 'UpdateItem'),
    ...allowOnTable('invitations', 'GetItem', 'PutItem', 'UpdateItem'),
    ...allowOnTable('runs', 'GetItem', 'PutItem', 'DeleteItem'),
    readSigningKeys,
    notifyAdmins,
    smsToPhoneNumbers,
    `lambda:InvokeFunction ${JSON.stringify({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':function:starling-dev-send-invitations']],
    })}`,
    allow('sqs:SendMessage', stack.failureQueues.sendInvitations.queue.queueArn),
  ],
  'inbound-sms': [
    ...logWrite('inbound-sms'),
    ...xray,
    ...allowOnTable('customers', 'UpdateItem'),
    allow('dynamodb:Query', `${stack.tables.tables.customers.tableArn}/index/byPhone`),
    smsToPhoneNumbers,
    allow('sqs:SendMessage', stack.failureQueues.inboundSms.queue.queueArn),
  ],
  'render-review-form': [
    ...logWrite('render-review-form'),
    ...xray,
    ...allowOnTable('customers', 'GetItem'),
    ...allowOnTable('invitations', 'GetItem', 'UpdateItem'),
    ...allowOnTable('reviews', 'GetItem'),
    readSigningKeys,
  ],
  'submit-review': [
    ...logWrite('submit-review'),
    ...xray,
    ...allowOnTable('customers', 'GetItem', 'UpdateItem'),
    ...allowOnTable('invitations', 'GetItem', 'UpdateItem'),
    ...allowOnTable('reviews', 'GetItem', 'PutItem'),
    readSigningKeys,
    notifyAdmins,
  ],
  admin: [
    ...logWrite('admin'),
    ...xray,
    ...allowOnTable('customers', 'GetItem'),
    ...allowOnTable('invitations', 'GetItem', 'Scan'),
    ...allowOnTable('reviews', 'GetItem', 'Scan', 'UpdateItem'),
    allow('dynamodb:Query', `${stack.tables.tables.reviews.tableArn}/index/byStatus`),
  ],
};

/** The only permissions that may name `*`: SMS to phone numbers, which have no ARN, and X-Ray. */
const ALLOWED_WILDCARDS = new Set([smsToPhoneNumbers, ...xray]);

const functionRole = (name: FunctionName) => logicalIdOf(stack, stack.functions[name].role);

describe('function permissions', () => {
  describe.each(Object.keys(expectedPermissions) as FunctionName[])('%s role', (name) => {
    const actual = permissionsOf(template, functionRole(name));

    it('has exactly the permissions its code uses', () => {
      expect([...actual].sort()).toEqual([...new Set(expectedPermissions[name])].sort());
    });

    it('names no wildcard resource except SMS and X-Ray', () => {
      const wildcards = [...actual].filter((permission) => permission.includes('*') && !ALLOWED_WILDCARDS.has(permission));
      expect(wildcards).toEqual([]);
    });

    it('can be assumed only by Lambda', () => {
      const role = template.toJSON().Resources[functionRole(name)];
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ]);
    });
  });

  it('gives no role a wildcard action', () => {
    const roles = Object.entries(template.toJSON().Resources as Record<string, { Type: string }>).filter(([, resource]) => resource.Type === 'AWS::IAM::Role');
    for (const [logicalId] of roles) {
      const wildcardActions = [...permissionsOf(template, logicalId)].filter((permission) => permission.split(' ')[0]!.includes('*'));
      expect(wildcardActions, logicalId).toEqual([]);
    }
  });

  it('lets the schedule role invoke only send-invitations', () => {
    const actual = permissionsOf(template, logicalIdOf(stack, stack.schedule.role));

    expect([...actual].sort()).toEqual(
      [allow('lambda:InvokeFunction', stack.functions['send-invitations'].function.functionArn), allow('sqs:SendMessage', stack.failureQueues.sendInvitations.queue.queueArn)].sort(),
    );
  });
});

/** The DynamoDB action of each DocumentClient command the adapters may use. */
const COMMAND_ACTIONS: Record<string, string> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactGetCommand: 'TransactGetItems',
  TransactWriteCommand: 'TransactWriteItems',
};

const ADAPTER_FILES = {
  customers: ['customer-store.ts'],
  invitations: ['invitation-store.ts'],
  reviews: ['review-store.ts', 'review-queries.ts'],
  runs: ['run-store.ts'],
} as const;

describe('table access and the adapters', () => {
  it.each(Object.entries(ADAPTER_FILES))('grants on the %s table only actions its adapter sends', (table, files) => {
    const source = files.map((file) => readFileSync(`${PROJECT_ROOT}src/adapters/dynamodb/${file}`, 'utf8')).join('\n');
    const used = new Set([...source.matchAll(/new (\w+Command)\(/g)].map((match) => COMMAND_ACTIONS[match[1]!] ?? `unknown ${match[1]}`));

    const granted = new Set(
      Object.values(TABLE_ACCESS).flatMap((access) => {
        const tableAccess = access[table as keyof typeof access];
        return [...(tableAccess?.actions ?? []), ...(tableAccess?.queryIndexes?.length ? ['Query'] : [])];
      }),
    );

    expect([...granted].filter((action) => !used.has(action))).toEqual([]);
  });
});
