import { Arn, ArnFormat } from 'aws-cdk-lib';
import type { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * Helpers that grant a function access to one resource and set the environment variable naming it,
 * in one call, so a function never gets a name without the access or the access without the name.
 * Each grants exactly the listed actions: the adapters' SDK calls, nothing broader.
 */

/** The DynamoDB actions the adapters use: Get/Put/Update/Delete for items, Query on indexes, Scan for full reads. */
export type DynamoDbAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query' | 'Scan';

export interface TableAccess {
  /** Actions on the table itself. An empty list sets only the variable. */
  actions: readonly DynamoDbAction[];
  /** Indexes the function queries; each gets `dynamodb:Query` on that index alone. */
  queryIndexes?: readonly string[];
}

export function grantTableAndConfigure(fn: lambda.Function, table: dynamodb.ITable, envName: string, access: TableAccess): void {
  fn.addEnvironment(envName, table.tableName);

  if (access.actions.length > 0) {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: access.actions.map((action) => `dynamodb:${action}`), resources: [table.tableArn] }));
  }

  const indexArns = (access.queryIndexes ?? []).map((index) => `${table.tableArn}/index/${index}`);
  if (indexArns.length > 0) {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: indexArns }));
  }
}

/** Grants `secretsmanager:GetSecretValue` on the secret alone; `Secret.grantRead` would add DescribeSecret. */
export function grantSecretReadAndConfigure(fn: lambda.Function, secret: secretsmanager.ISecret, envName: string): void {
  fn.addEnvironment(envName, secret.secretArn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
}

export function grantTopicPublishAndConfigure(fn: lambda.Function, topic: sns.ITopic, envName: string): void {
  fn.addEnvironment(envName, topic.topicArn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
}

/**
 * Lets the function send SMS by publishing straight to phone numbers. A phone number has no ARN,
 * so `sns:Publish` to one can only be granted on `*`. This is the only wildcard resource the stack
 * grants. Lambda's active tracing adds X-Ray's two write actions on `*` itself. The account's SMS
 * spend limit caps what the grant can cost.
 */
export function grantSmsPublish(fn: lambda.Function): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
}

/** Grants `sqs:SendMessage` on the queue alone, which is all a Lambda on-failure destination needs. */
export function grantQueueSend(grantee: iam.IGrantable, queue: sqs.IQueue): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
}

/**
 * The ARN of a function with a fixed name, built from the name rather than taken from the
 * function, so that the function's own policy can refer to it without a circular dependency.
 */
export function functionArnFromName(scope: Stack, functionName: string): string {
  return Arn.format({ service: 'lambda', resource: 'function', resourceName: functionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }, scope);
}
