import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface MessagingProps {
  /** Subscribes this address to the admin topic; AWS emails a confirmation link first. */
  adminEmail?: string;
}

/**
 * The two SNS topics. The admin topic carries review notifications, run summaries and alarms to its
 * subscribers. The inbound topic receives the SMS that customers send to the business's
 * number, which AWS End User Messaging SMS publishes there once two-way messaging is turned on for
 * the number (see docs/deploy.md).
 *
 * Neither topic uses KMS encryption: End User Messaging SMS and CloudWatch alarms can publish to an
 * encrypted topic only when its key is a customer managed key, and the stack creates no such key.
 *
 * SMS settings of the account (default SMS type, monthly spend limit, origination numbers,
 * opt-out handling) are not part of the stack: CloudFormation has no resource that sets them
 * reliably, so docs/deploy.md describes them as manual steps. The functions send every SMS with
 * the Transactional type themselves.
 */
export class Messaging extends Construct {
  readonly adminTopic: sns.Topic;
  readonly inboundSmsTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);

    const account = Stack.of(this).account;

    this.adminTopic = new sns.Topic(this, 'AdminTopic', { displayName: 'Starling', enforceSSL: true });
    // A topic policy replaces SNS's default one, so the alarms' right to publish is stated here.
    this.adminTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.adminTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    if (props.adminEmail) {
      this.adminTopic.addSubscription(new subscriptions.EmailSubscription(props.adminEmail));
    }

    this.inboundSmsTopic = new sns.Topic(this, 'InboundSmsTopic', { displayName: 'Starling inbound SMS', enforceSSL: true });
    this.inboundSmsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.inboundSmsTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
  }
}
