import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantQueueSend } from './access.ts';

/**
 * The payload of each scheduled run. Scheduler replaces `<aws.scheduler.scheduled-time>` with the
 * planned time of the run, such as 2026-03-01T10:00:00Z, so a retried delivery of the same run
 * carries the same run id and continues that run instead of starting another.
 */
export const SCHEDULED_RUN_INPUT = '{"runId":"scheduled-<aws.scheduler.scheduled-time>"}';

export interface InvitationScheduleProps {
  target: lambda.IFunction;
  /** An EventBridge Scheduler cron expression, read in `timeZone`. */
  expression: string;
  timeZone: string;
  enabled: boolean;
  /** Receives the runs that Scheduler failed to deliver after its retries. */
  deadLetterQueue: sqs.IQueue;
}

/**
 * The EventBridge Scheduler schedule that starts the invitation run. Its role may invoke only the
 * send-invitations function and send failed deliveries only to the dead-letter queue.
 */
export class InvitationSchedule extends Construct {
  readonly schedule: scheduler.CfnSchedule;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: InvitationScheduleProps) {
    super(scope, id);

    this.role = new iam.Role(this, 'Role', {
      description: 'Lets the Starling schedule start the invitation run',
      // The condition keeps Scheduler from using the role for another account's schedules.
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.target.functionArn] }));
    grantQueueSend(this.role, props.deadLetterQueue);

    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: 'Starts the Starling invitation run',
      scheduleExpression: props.expression,
      scheduleExpressionTimezone: props.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: props.enabled ? 'ENABLED' : 'DISABLED',
      target: {
        arn: props.target.functionArn,
        roleArn: this.role.roleArn,
        input: SCHEDULED_RUN_INPUT,
        // Delivery needs only Lambda to accept the asynchronous invoke, so an hour of retries covers
        // a short outage without starting a run long after its planned time.
        retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3600 },
        deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
      },
    });
  }
}
