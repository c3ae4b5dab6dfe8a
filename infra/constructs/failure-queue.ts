import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantQueueSend } from './access.ts';

export interface FailureQueueProps {
  retain: boolean;
}

/**
 * An SQS queue that keeps the events a function failed to process after Lambda's retries (the
 * on-failure destination of its asynchronous invocations), for 14 days, the longest SQS keeps a
 * message. An alarm on its depth notifies the admins, and docs/deploy.md describes how to read and
 * replay the events.
 */
export class FailureQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id);

    this.queue = new sqs.Queue(this, 'Queue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }

  /**
   * Sends the function's failed asynchronous events here after `retryAttempts` retries. The
   * function's role gets `sqs:SendMessage` on this queue alone: the `SqsDestination` of
   * aws-lambda-destinations would also grant GetQueueAttributes and GetQueueUrl, which Lambda does
   * not need to deliver.
   */
  receiveFailuresOf(fn: lambda.Function, options: { retryAttempts: number; maxEventAge: Duration }): void {
    const queue = this.queue;
    fn.configureAsyncInvoke({
      retryAttempts: options.retryAttempts,
      maxEventAge: options.maxEventAge,
      onFailure: {
        bind: (_scope, target) => {
          grantQueueSend(target, queue);
          return { destination: queue.queueArn };
        },
      },
    });
  }
}
