import { describe, expect, it } from 'vitest';
import { logicalIdOf, synthesize } from './stack-fixture.ts';

const { stack, template } = synthesize();
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const alarms = Object.values(resources)
  .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
  .map((resource) => resource.Properties);
const adminTopic = { Ref: logicalIdOf(stack, stack.messaging.adminTopic) };

function alarmNamed(name: string) {
  const alarm = alarms.find((candidate) => candidate.AlarmName === name);
  if (!alarm) {
    throw new Error(`no alarm named "${name}"; the alarms are ${alarms.map((candidate) => candidate.AlarmName).join(', ')}`);
  }

  return alarm;
}

describe('alarms', () => {
  it('creates the expected set of alarms', () => {
    expect(alarms.map((alarm) => alarm.AlarmName).sort()).toEqual(
      [
        ...['send-invitations', 'inbound-sms', 'render-review-form', 'submit-review', 'admin'].flatMap((name) => [`Starling-dev ${name} errors`, `Starling-dev ${name} throttles`]),
        'Starling-dev send-invitations failed events',
        'Starling-dev inbound-sms failed events',
        'Starling-dev invitation SMS failed',
        'Starling-dev review API 5xx rate',
      ].sort(),
    );
  });

  it('notifies the admin topic from every alarm', () => {
    for (const alarm of alarms) {
      expect(alarm.AlarmActions, alarm.AlarmName).toEqual([adminTopic]);
    }
  });

  it('treats missing data as not breaching', () => {
    for (const alarm of alarms) {
      expect(alarm.TreatMissingData, alarm.AlarmName).toBe('notBreaching');
    }
  });

  it('fires on any function error', () => {
    const alarm = alarmNamed('Starling-dev submit-review errors');
    expect(alarm).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Statistic: 'Sum', Period: 300, Threshold: 1, EvaluationPeriods: 1 });
    expect(alarm.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: logicalIdOf(stack, stack.functions['submit-review'].function) } }]);
  });

  it('waits three periods of send-invitations throttles', () => {
    expect(alarmNamed('Starling-dev send-invitations throttles')).toMatchObject({ MetricName: 'Throttles', EvaluationPeriods: 3, Threshold: 1 });
    expect(alarmNamed('Starling-dev inbound-sms throttles')).toMatchObject({ MetricName: 'Throttles', EvaluationPeriods: 1, Threshold: 1 });
  });

  it('fires when a failure queue holds a message', () => {
    const alarm = alarmNamed('Starling-dev send-invitations failed events');
    expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum', Threshold: 1 });
    expect(alarm.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(stack, stack.failureQueues.sendInvitations.queue), 'QueueName'] } }]);
  });

  it('fires on failed invitation SMS from the embedded metric', () => {
    expect(alarmNamed('Starling-dev invitation SMS failed')).toMatchObject({
      Namespace: 'Starling',
      MetricName: 'InvitationsFailed',
      Dimensions: [{ Name: 'service', Value: 'send-invitations' }],
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('computes the HTTP API 5xx rate from requests and 5xx', () => {
    const alarm = alarmNamed('Starling-dev review API 5xx rate');
    const expression = alarm.Metrics.find((metric: { Expression?: string }) => metric.Expression);
    const metricNames = alarm.Metrics.filter((metric: { MetricStat?: unknown }) => metric.MetricStat).map(
      (metric: { MetricStat: { Metric: { MetricName: string; Namespace: string } } }) => `${metric.MetricStat.Metric.Namespace} ${metric.MetricStat.Metric.MetricName}`,
    );

    expect(expression.Expression).toBe('IF(requests >= 10, 100 * serverErrors / requests, 0)');
    expect(metricNames.sort()).toEqual(['AWS/ApiGateway 5xx', 'AWS/ApiGateway Count']);
    expect(alarm).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
  });
});

describe('dashboard and saved queries', () => {
  it('creates the stage dashboard', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Starling-dev' });
  });

  it('saves the four Logs Insights queries', () => {
    const names = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::Logs::QueryDefinition')
      .map((resource) => resource.Properties.Name)
      .sort();
    expect(names).toEqual(['Starling-dev/errors-by-type', 'Starling-dev/invitation-runs', 'Starling-dev/memory-use', 'Starling-dev/slow-review-requests']);
  });

  it('queries run results in the send-invitations logs', () => {
    template.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: 'Starling-dev/invitation-runs',
      LogGroupNames: [{ Ref: logicalIdOf(stack, stack.functions['send-invitations'].logGroup) }],
    });
  });
});

describe('topics and the signing secret', () => {
  it('lets SMS replies reach the inbound topic', () => {
    const policy = Object.values(resources).find(
      (resource) => resource.Type === 'AWS::SNS::TopicPolicy' && JSON.stringify(resource.Properties.Topics) === JSON.stringify([{ Ref: logicalIdOf(stack, stack.messaging.inboundSmsTopic) }]),
    )!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Action: 'sns:Publish',
        Effect: 'Allow',
        Principal: { Service: 'sms-voice.amazonaws.com' },
        Resource: { Ref: logicalIdOf(stack, stack.messaging.inboundSmsTopic) },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
  });

  it('lets alarms publish to the admin topic', () => {
    const policy = Object.values(resources).find(
      (resource) => resource.Type === 'AWS::SNS::TopicPolicy' && JSON.stringify(resource.Properties.Topics) === JSON.stringify([adminTopic]),
    )!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Action: 'sns:Publish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Resource: adminTopic,
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
  });

  it('subscribes the admin email only when configured', () => {
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 0);

    const withEmail = synthesize({ adminEmail: 'owner@example.com' });
    withEmail.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'owner@example.com' });
  });

  it('generates the first signing key at deploy', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: '{"currentKeyId":1}',
        GenerateStringKey: 'generatedSecret',
        PasswordLength: 64,
        ExcludePunctuation: true,
        IncludeSpace: false,
      },
    });
  });

  it('retains the prod secret and deletes the dev one', () => {
    const secretType = 'AWS::SecretsManager::Secret';
    expect(Object.values(template.findResources(secretType))[0]!.DeletionPolicy).toBe('Delete');

    const prod = synthesize({ stage: 'prod' });
    expect(Object.values(prod.template.findResources(secretType))[0]!.DeletionPolicy).toBe('Retain');
  });
});
