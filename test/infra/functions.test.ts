import { describe, expect, it } from 'vitest';
import { readInvitationSettings } from '../../src/functions/send-invitations/settings.ts';
import type { FunctionName } from '../../infra/constructs/starling-function.ts';
import { logicalIdOf, resolved, synthesize } from './stack-fixture.ts';

const { stack, template } = synthesize({
  businessName: 'Harbor Coffee',
  timeZone: 'America/New_York',
  sendingWindow: '10-19',
  smsPerSecond: 3,
  smsSenderId: 'Harbor',
  smsHelpText: 'Harbor Coffee: reply STOP to opt out. Help: help@example.com',
  reminderAfterDays: 3,
  logLevel: 'DEBUG',
});
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;

function functionProperties(name: FunctionName) {
  return resources[logicalIdOf(stack, stack.functions[name].function)]!.Properties;
}

function environmentOf(name: FunctionName): Record<string, unknown> {
  return functionProperties(name).Environment.Variables;
}

const tables = () => ({
  customers: JSON.parse(resolved(stack, stack.tables.tables.customers.tableName)),
  invitations: JSON.parse(resolved(stack, stack.tables.tables.invitations.tableName)),
  reviews: JSON.parse(resolved(stack, stack.tables.tables.reviews.tableName)),
  runs: JSON.parse(resolved(stack, stack.tables.tables.runs.tableName)),
});
const secretArn = () => JSON.parse(resolved(stack, stack.tokenSecret.secret.secretArn));
const adminTopicArn = () => JSON.parse(resolved(stack, stack.messaging.adminTopic.topicArn));
const apiEndpoint = () => JSON.parse(resolved(stack, stack.api.api.apiEndpoint));
const adminAccess = () => ({
  userPoolId: JSON.parse(resolved(stack, stack.adminAccess.userPool.userPoolId)),
  clientId: JSON.parse(resolved(stack, stack.adminAccess.client.userPoolClientId)),
  domain: JSON.parse(resolved(stack, stack.adminAccess.domain.baseUrl())),
});

const common = (service: FunctionName) => ({
  POWERTOOLS_SERVICE_NAME: service,
  POWERTOOLS_LOG_LEVEL: 'DEBUG',
  STARLING_BUSINESS_NAME: 'Harbor Coffee',
  STARLING_CUSTOMERS_TABLE: tables().customers,
  STARLING_INVITATIONS_TABLE: tables().invitations,
  STARLING_REVIEWS_TABLE: tables().reviews,
});

const expected: Record<FunctionName, { memory: number; timeoutSeconds: number; environment: Record<string, unknown> }> = {
  'send-invitations': {
    memory: 512,
    timeoutSeconds: 900,
    environment: {
      ...common('send-invitations'),
      STARLING_RUNS_TABLE: tables().runs,
      STARLING_PUBLIC_URL: apiEndpoint(),
      STARLING_TIME_ZONE: 'America/New_York',
      STARLING_SENDING_WINDOW: '10-19',
      STARLING_SMS_PER_SECOND: '3',
      STARLING_REMINDER_AFTER_DAYS: '3',
      STARLING_SMS_SENDER_ID: 'Harbor',
      STARLING_TOKEN_SECRET_ID: secretArn(),
      STARLING_ADMIN_TOPIC_ARN: adminTopicArn(),
    },
  },
  'inbound-sms': {
    memory: 256,
    timeoutSeconds: 30,
    environment: {
      ...common('inbound-sms'),
      STARLING_SMS_HELP_TEXT: 'Harbor Coffee: reply STOP to opt out. Help: help@example.com',
      STARLING_SMS_SENDER_ID: 'Harbor',
    },
  },
  'render-review-form': {
    memory: 256,
    timeoutSeconds: 10,
    environment: { ...common('render-review-form'), STARLING_TOKEN_SECRET_ID: secretArn() },
  },
  'submit-review': {
    memory: 256,
    timeoutSeconds: 10,
    environment: {
      ...common('submit-review'),
      STARLING_PUBLIC_URL: apiEndpoint(),
      STARLING_TOKEN_SECRET_ID: secretArn(),
      STARLING_ADMIN_TOPIC_ARN: adminTopicArn(),
    },
  },
  admin: {
    memory: 512,
    timeoutSeconds: 25,
    environment: {
      ...common('admin'),
      STARLING_PUBLIC_URL: apiEndpoint(),
      STARLING_TIME_ZONE: 'America/New_York',
      STARLING_ADMIN_AUTH: 'cognito',
      STARLING_COGNITO_USER_POOL_ID: adminAccess().userPoolId,
      STARLING_COGNITO_CLIENT_ID: adminAccess().clientId,
      STARLING_COGNITO_DOMAIN: adminAccess().domain,
    },
  },
};

describe('Lambda functions', () => {
  it('creates exactly the five functions', () => {
    template.resourceCountIs('AWS::Lambda::Function', 5);
  });

  describe.each(Object.keys(expected) as FunctionName[])('%s', (name) => {
    const properties = functionProperties(name);

    it('is named for the stage', () => {
      expect(properties.FunctionName).toBe(`starling-dev-${name}`);
    });

    it('runs Node.js 22 on arm64', () => {
      expect(properties.Runtime).toBe('nodejs22.x');
      expect(properties.Architectures).toEqual(['arm64']);
    });

    it('has its memory and timeout', () => {
      expect(properties.MemorySize).toBe(expected[name].memory);
      expect(properties.Timeout).toBe(expected[name].timeoutSeconds);
    });

    it('traces with X-Ray', () => {
      expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
    });

    it('calls the bundled handler export', () => {
      expect(properties.Handler).toBe('index.handler');
    });

    it('has exactly the expected environment', () => {
      expect(environmentOf(name)).toEqual(expected[name].environment);
    });

    it('logs to its own log group with the configured retention', () => {
      const logGroupId = logicalIdOf(stack, stack.functions[name].logGroup);
      expect(properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
      expect(resources[logGroupId]!.Properties.RetentionInDays).toBe(30);
    });

    it('runs under its own role', () => {
      expect(properties.Role).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack, stack.functions[name].role), 'Arn'] });
    });
  });

  it('gives every function a different role', () => {
    const roles = (Object.keys(expected) as FunctionName[]).map((name) => JSON.stringify(functionProperties(name).Role));
    expect(new Set(roles).size).toBe(5);
  });

  it('reserves one concurrent run for send-invitations', () => {
    expect(functionProperties('send-invitations').ReservedConcurrentExecutions).toBe(1);
  });

  it('reserves no concurrency for the other functions', () => {
    for (const name of ['inbound-sms', 'render-review-form', 'submit-review', 'admin'] as const) {
      expect(functionProperties(name).ReservedConcurrentExecutions, name).toBeUndefined();
    }
  });

  it('sends failed send-invitations events to its failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(stack, stack.functions['send-invitations'].function) },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalIdOf(stack, stack.failureQueues.sendInvitations.queue), 'Arn'] } } },
    });
  });

  it('sends failed inbound-sms events to its failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(stack, stack.functions['inbound-sms'].function) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalIdOf(stack, stack.failureQueues.inboundSms.queue), 'Arn'] } } },
    });
  });

  it('keeps failed events for 14 days', () => {
    template.allResourcesProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
  });

  it('subscribes inbound-sms to the inbound SMS topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: logicalIdOf(stack, stack.messaging.inboundSmsTopic) },
      Endpoint: { 'Fn::GetAtt': [logicalIdOf(stack, stack.functions['inbound-sms'].function), 'Arn'] },
    });
  });

  it('passes settings send-invitations accepts', () => {
    const environment = Object.fromEntries(
      Object.entries(environmentOf('send-invitations')).map(([key, value]) => [key, typeof value === 'string' ? value : 'https://placeholder.example']),
    );

    const settings = readInvitationSettings(environment);

    expect(settings.smsPerSecond).toBe(3);
    expect(settings.rules.sendingWindow).toEqual({ startHour: 10, endHour: 19 });
    expect(settings.rules.businessTimeZone).toBe('America/New_York');
    expect(settings.rules.reminderAfterDays).toBe(3);
  });

  it('omits unset optional settings', () => {
    const defaults = synthesize();
    const variables = defaults.template.toJSON().Resources[logicalIdOf(defaults.stack, defaults.stack.functions['send-invitations'].function)].Properties.Environment.Variables;

    for (const variable of ['STARLING_SENDING_WINDOW', 'STARLING_SMS_PER_SECOND', 'STARLING_SMS_TEMPLATE', 'STARLING_INVITATION_TTL_DAYS', 'STARLING_SMS_SENDER_ID']) {
      expect(variables[variable], variable).toBeUndefined();
    }
  });
});
