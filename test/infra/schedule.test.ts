import { describe, expect, it } from 'vitest';
import { logicalIdOf, synthesize } from './stack-fixture.ts';

const { stack, template } = synthesize({ timeZone: 'Europe/Berlin', schedule: 'cron(30 11 ? * MON-FRI *)' });
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const schedule = Object.values(resources).find((resource) => resource.Type === 'AWS::Scheduler::Schedule')!.Properties;

describe('invitation schedule', () => {
  it('runs on the configured cron in the business time zone', () => {
    expect(schedule.ScheduleExpression).toBe('cron(30 11 ? * MON-FRI *)');
    expect(schedule.ScheduleExpressionTimezone).toBe('Europe/Berlin');
    expect(schedule.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(schedule.State).toBe('ENABLED');
  });

  it('targets send-invitations', () => {
    expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack, stack.functions['send-invitations'].function), 'Arn'] });
    expect(schedule.Target.RoleArn).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack, stack.schedule.role), 'Arn'] });
  });

  it('passes a run id derived from the scheduled time', () => {
    expect(JSON.parse(schedule.Target.Input)).toEqual({ runId: 'scheduled-<aws.scheduler.scheduled-time>' });
  });

  it('retries for an hour and then uses the failure queue', () => {
    expect(schedule.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 });
    expect(schedule.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [logicalIdOf(stack, stack.failureQueues.sendInvitations.queue), 'Arn'] } });
  });

  it('lets only Scheduler of this account assume its role', () => {
    const role = resources[logicalIdOf(stack, stack.schedule.role)]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
  });

  it('defaults to 10:00 every day in UTC', () => {
    const defaults = synthesize();
    defaults.template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 10 * * ? *)', ScheduleExpressionTimezone: 'UTC' });
  });

  it('can be created disabled', () => {
    const disabled = synthesize({ scheduleEnabled: false });
    disabled.template.hasResourceProperties('AWS::Scheduler::Schedule', { State: 'DISABLED' });
  });
});
