import { CfnOutput, Duration, Stack, Tags } from 'aws-cdk-lib';
import type { App, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { INDEX } from '../src/adapters/dynamodb/table-definitions.ts';
import type { StarlingConfig } from './config.ts';
import { isProductionStage } from './config.ts';
import type { TableAccess } from './constructs/access.ts';
import { AdminAccess } from './constructs/admin-access.ts';
import { functionArnFromName, grantSecretReadAndConfigure, grantSmsPublish, grantTableAndConfigure, grantTopicPublishAndConfigure } from './constructs/access.ts';
import type { TableKey } from './constructs/data-tables.ts';
import { DataTables } from './constructs/data-tables.ts';
import { FailureQueue } from './constructs/failure-queue.ts';
import { InvitationSchedule } from './constructs/invitation-schedule.ts';
import { LogQueries } from './constructs/log-queries.ts';
import { Messaging } from './constructs/messaging.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { ReviewApi } from './constructs/review-api.ts';
import type { FunctionName } from './constructs/starling-function.ts';
import { StarlingFunction } from './constructs/starling-function.ts';
import { TokenSigningSecret } from './constructs/token-secret.ts';
import { configuredEnvironment, FUNCTION_SIZES } from './function-settings.ts';

export interface StarlingStackProps extends StackProps {
  config: StarlingConfig;
}

const TABLE_VARIABLES: Record<TableKey, string> = {
  customers: 'STARLING_CUSTOMERS_TABLE',
  invitations: 'STARLING_INVITATIONS_TABLE',
  reviews: 'STARLING_REVIEWS_TABLE',
  runs: 'STARLING_RUNS_TABLE',
};

/**
 * The DynamoDB access of each function: the SDK calls its code path makes, per table. A table with
 * no actions gets only its name, because `tableNames()` in src/config.ts requires the customers,
 * invitations and reviews names in every function, also where a function never reads one of them.
 */
export const TABLE_ACCESS: Record<FunctionName, Partial<Record<TableKey, TableAccess>>> = {
  'send-invitations': {
    // Scan: scanPage. UpdateItem: markOptedOut, recordInvitation, recordReminder.
    customers: { actions: ['Scan', 'UpdateItem'] },
    // GetItem: get. PutItem: create. UpdateItem: markSent, markFailed, markUnconfirmed.
    invitations: { actions: ['GetItem', 'PutItem', 'UpdateItem'] },
    reviews: { actions: [] },
    // GetItem: get, acquireLease. PutItem: create, save, acquireLease. DeleteItem: releaseLease.
    runs: { actions: ['GetItem', 'PutItem', 'DeleteItem'] },
  },
  'inbound-sms': {
    // Query on the byPhone index: findByPhone. UpdateItem: markOptedOut.
    customers: { actions: ['UpdateItem'], queryIndexes: [INDEX.customersByPhone] },
    invitations: { actions: [] },
    reviews: { actions: [] },
  },
  'render-review-form': {
    customers: { actions: ['GetItem'] },
    // GetItem: get. UpdateItem: markOpened.
    invitations: { actions: ['GetItem', 'UpdateItem'] },
    reviews: { actions: ['GetItem'] },
  },
  'submit-review': {
    // GetItem: get. UpdateItem: recordReview.
    customers: { actions: ['GetItem', 'UpdateItem'] },
    // GetItem: get. UpdateItem: markUsed.
    invitations: { actions: ['GetItem', 'UpdateItem'] },
    // PutItem: createOnce's conditional put. GetItem: its read of an existing review.
    reviews: { actions: ['GetItem', 'PutItem'] },
  },
  admin: {
    // GetItem: the customer of a review, on its page and in the export.
    customers: { actions: ['GetItem'] },
    // GetItem: the invitation of a review. Scan: scanPage, for the statistics.
    invitations: { actions: ['GetItem', 'Scan'] },
    // GetItem: get. Scan: scanPage, for the statistics and the export. UpdateItem: moderate, the
    // function's only write. Query on the byStatus index: listByStatus and countByStatus.
    reviews: { actions: ['GetItem', 'Scan', 'UpdateItem'], queryIndexes: [INDEX.reviewsByStatus] },
  },
};

/** Starling on AWS: tables, functions, the review API, admin access, the schedule, topics, the signing secret and monitoring. */
export class StarlingStack extends Stack {
  readonly tables: DataTables;
  readonly functions: Record<FunctionName, StarlingFunction>;
  readonly api: ReviewApi;
  readonly adminAccess: AdminAccess;
  readonly messaging: Messaging;
  readonly tokenSecret: TokenSigningSecret;
  readonly schedule: InvitationSchedule;
  readonly failureQueues: { sendInvitations: FailureQueue; inboundSms: FailureQueue };
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: StarlingStackProps) {
    super(scope, id, props);
    const { config } = props;
    const protectData = isProductionStage(config);
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    this.tables = new DataTables(this, 'Tables', { protectData });
    this.messaging = new Messaging(this, 'Messaging', { adminEmail: config.adminEmail });
    this.tokenSecret = new TokenSigningSecret(this, 'TokenSigningKeys', { retain: protectData });

    const createFunction = (name: FunctionName, id: string, description: string, extra: { reservedConcurrentExecutions?: number } = {}) =>
      new StarlingFunction(this, id, {
        name,
        stage: config.stage,
        description,
        memorySize: FUNCTION_SIZES[name].memorySize,
        timeout: FUNCTION_SIZES[name].timeout,
        logRetention,
        logLevel: config.logLevel,
        retainLogs: protectData,
        ...extra,
      });

    this.functions = {
      // Reserved concurrency 1: two runs at once could text the same customer twice.
      'send-invitations': createFunction('send-invitations', 'SendInvitations', 'Runs the invitation round: one review-link SMS per eligible customer', {
        reservedConcurrentExecutions: 1,
      }),
      'inbound-sms': createFunction('inbound-sms', 'InboundSms', 'Handles STOP and HELP replies from customers'),
      'render-review-form': createFunction('render-review-form', 'RenderReviewForm', 'GET /review: the review form for a signed link'),
      'submit-review': createFunction('submit-review', 'SubmitReview', 'POST /review: stores a review and notifies the admins'),
      admin: createFunction('admin', 'Admin', '/admin: the moderation dashboard, its sign-in and its JSON API'),
    };

    this.api = new ReviewApi(this, 'ReviewApi', {
      renderReviewForm: this.functions['render-review-form'].function,
      submitReview: this.functions['submit-review'].function,
      throttle: config.apiThrottle,
      logRetention,
      retainLogs: protectData,
      customDomain: config.domainName && config.certificateArn ? { domainName: config.domainName, certificateArn: config.certificateArn } : undefined,
    });

    this.adminAccess = new AdminAccess(this, 'AdminAccess', {
      api: this.api.api,
      publicUrl: this.api.publicUrl,
      adminFunction: this.functions.admin.function,
      stage: config.stage,
      businessName: config.businessName,
      domainPrefix: config.adminDomainPrefix,
      adminEmail: config.adminEmail,
      protectData,
    });

    this.configureFunctions(config, this.api.publicUrl);

    this.failureQueues = {
      sendInvitations: new FailureQueue(this, 'SendInvitationsFailures', { retain: protectData }),
      inboundSms: new FailureQueue(this, 'InboundSmsFailures', { retain: protectData }),
    };
    // Lambda's own retries of a failed run are safe: the run resumes from its checkpoint under the same run id.
    this.failureQueues.sendInvitations.receiveFailuresOf(this.functions['send-invitations'].function, { retryAttempts: 2, maxEventAge: Duration.hours(6) });
    this.failureQueues.inboundSms.receiveFailuresOf(this.functions['inbound-sms'].function, { retryAttempts: 2, maxEventAge: Duration.hours(6) });

    this.messaging.inboundSmsTopic.addSubscription(new subscriptions.LambdaSubscription(this.functions['inbound-sms'].function));

    this.schedule = new InvitationSchedule(this, 'InvitationSchedule', {
      target: this.functions['send-invitations'].function,
      expression: config.schedule,
      timeZone: config.timeZone,
      enabled: config.scheduleEnabled,
      deadLetterQueue: this.failureQueues.sendInvitations.queue,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: config.stage,
      alarmTopic: this.messaging.adminTopic,
      functions: (Object.keys(this.functions) as FunctionName[]).map((name) => ({
        name,
        function: this.functions[name].function,
        // A paused run invokes itself while it still runs on the one reserved instance, so its
        // continuation can be throttled for a moment. Only lasting throttles mean trouble.
        throttlePeriods: name === 'send-invitations' ? 3 : 1,
      })),
      failureQueues: [
        { name: 'send-invitations', queue: this.failureQueues.sendInvitations.queue },
        { name: 'inbound-sms', queue: this.failureQueues.inboundSms.queue },
      ],
      api: this.api.api,
    });

    new LogQueries(this, 'LogQueries', {
      stage: config.stage,
      httpFunctionLogs: [this.functions['render-review-form'].logGroup, this.functions['submit-review'].logGroup],
      allFunctionLogs: Object.values(this.functions).map((starlingFunction) => starlingFunction.logGroup),
      sendInvitationsLogs: this.functions['send-invitations'].logGroup,
    });

    this.addOutputs();
  }

  /** Grants each function exactly what its code uses and sets the variables that name it. */
  private configureFunctions(config: StarlingConfig, publicUrl: string): void {
    const environment = configuredEnvironment(config, publicUrl);

    for (const name of Object.keys(this.functions) as FunctionName[]) {
      const fn = this.functions[name].function;
      for (const [variable, value] of Object.entries(environment[name])) {
        fn.addEnvironment(variable, value);
      }

      for (const [table, access] of Object.entries(TABLE_ACCESS[name]) as [TableKey, TableAccess][]) {
        grantTableAndConfigure(fn, this.tables.tables[table], TABLE_VARIABLES[table], access);
      }
    }

    const sendInvitations = this.functions['send-invitations'];
    grantSecretReadAndConfigure(sendInvitations.function, this.tokenSecret.secret, 'STARLING_TOKEN_SECRET_ID');
    grantTopicPublishAndConfigure(sendInvitations.function, this.messaging.adminTopic, 'STARLING_ADMIN_TOPIC_ARN');
    grantSmsPublish(sendInvitations.function);
    // A paused run continues in a new asynchronous invocation of the same function. The ARN is
    // built from the fixed function name, because the function's own ARN would make its policy
    // depend on the function, which already depends on the policy.
    sendInvitations.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [functionArnFromName(this, sendInvitations.functionName)] }),
    );

    grantSmsPublish(this.functions['inbound-sms'].function);

    grantSecretReadAndConfigure(this.functions['render-review-form'].function, this.tokenSecret.secret, 'STARLING_TOKEN_SECRET_ID');

    const submitReview = this.functions['submit-review'].function;
    grantSecretReadAndConfigure(submitReview, this.tokenSecret.secret, 'STARLING_TOKEN_SECRET_ID');
    grantTopicPublishAndConfigure(submitReview, this.messaging.adminTopic, 'STARLING_ADMIN_TOPIC_ARN');
  }

  private addOutputs(): void {
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });

    output('PublicUrl', this.api.publicUrl, 'Base URL of the review links');
    output('ApiEndpoint', this.api.api.apiEndpoint, 'The HTTP API endpoint, also when a custom domain is set');
    if (this.api.domainName) {
      output('DomainTarget', this.api.domainName.regionalDomainName, 'Point a CNAME (or alias) record for the custom domain at this name');
    }

    output('AdminUrl', this.adminAccess.adminUrl, 'The admin dashboard; admins sign in with the user pool');
    output('AdminUserPoolId', this.adminAccess.userPool.userPoolId, 'The admins\' Cognito user pool; add admins with aws cognito-idp admin-create-user');
    output('AdminClientId', this.adminAccess.client.userPoolClientId, 'The app client of the admin sign-in, for tokens to the admin API');
    output('AdminSignInDomain', this.adminAccess.domain.baseUrl(), 'The hosted UI that admins sign in on');
    output('SendInvitationsFunction', this.functions['send-invitations'].functionName, 'Invoke with {"dryRun":true} to preview a run');
    output('CustomersTable', this.tables.tables.customers.tableName, 'Import customers into this table');
    output('InvitationsTable', this.tables.tables.invitations.tableName, 'Invitations: the SMS audit trail');
    output('ReviewsTable', this.tables.tables.reviews.tableName, 'Reviews');
    output('RunsTable', this.tables.tables.runs.tableName, 'Invitation runs and their checkpoints');
    output('TokenSecretArn', this.tokenSecret.secret.secretArn, 'The review-link signing keys; see docs/deploy.md to rotate');
    output('AdminTopicArn', this.messaging.adminTopic.topicArn, 'Subscribe admins to review notifications, run summaries and alarms');
    output('InboundSmsTopicArn', this.messaging.inboundSmsTopic.topicArn, 'Set as the two-way SMS destination of the origination number');
    output('SendInvitationsFailureQueue', this.failureQueues.sendInvitations.queue.queueUrl, 'Failed invitation runs and schedule deliveries');
    output('InboundSmsFailureQueue', this.failureQueues.inboundSms.queue.queueUrl, 'Inbound SMS that failed after every retry');
    output('Dashboard', this.monitoring.dashboard.dashboardName, 'The CloudWatch dashboard');
  }
}

/** Adds the stack of one stage to the app: `Starling-<stage>`, tagged with the project and stage. */
export function addStarlingStack(app: App, config: StarlingConfig): StarlingStack {
  const stack = new StarlingStack(app, `Starling-${config.stage}`, {
    config,
    description: `Starling review invitations (${config.stage})`,
    // Production cannot be deleted by accident: `cdk destroy` fails until termination protection is turned off.
    terminationProtection: isProductionStage(config),
    analyticsReporting: false,
  });

  Tags.of(stack).add('project', 'starling');
  Tags.of(stack).add('stage', config.stage);
  return stack;
}
