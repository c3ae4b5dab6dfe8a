import { Duration } from 'aws-cdk-lib';
import type * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The namespace and service dimension of the metrics that send-invitations writes in the embedded metric format. */
export const INVITATION_METRICS = { namespace: 'Starling', dimensionsMap: { service: 'send-invitations' } } as const;

/** The share of HTTP API requests, in percent, that may fail with a 5xx over five minutes before the alarm fires. */
export const SERVER_ERROR_PERCENT_THRESHOLD = 5;

/** Below this many requests in five minutes, the 5xx rate alarm stays quiet: one failure in three requests is noise. */
export const SERVER_ERROR_MIN_REQUESTS = 10;

export interface MonitoredFunction {
  /** The short name, such as `send-invitations`, used in alarm names. */
  name: string;
  function: lambda.IFunction;
  /**
   * Consecutive five-minute periods with throttles before the throttles alarm fires. 1 for most;
   * send-invitations uses more, because its continuation is briefly throttled by design.
   */
  throttlePeriods: number;
}

export interface MonitoringProps {
  stage: string;
  alarmTopic: sns.ITopic;
  functions: MonitoredFunction[];
  failureQueues: { name: string; queue: sqs.IQueue }[];
  api: apigatewayv2.IHttpApi;
}

/**
 * The alarms, which notify the admin topic, and the dashboard. Every alarm treats missing data as
 * not breaching, because quiet hours send no metrics at all.
 */
export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    const prefix = `Starling-${props.stage}`;
    const fiveMinutes = Duration.minutes(5);

    for (const monitored of props.functions) {
      this.addAlarm(`${monitored.name}Errors`, {
        alarmName: `${prefix} ${monitored.name} errors`,
        alarmDescription: `${monitored.name} failed at least once in 5 minutes; see the errors-by-type query in CloudWatch Logs Insights.`,
        metric: monitored.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
      });
      this.addAlarm(`${monitored.name}Throttles`, {
        alarmName: `${prefix} ${monitored.name} throttles`,
        alarmDescription: `${monitored.name} was throttled in ${monitored.throttlePeriods} consecutive 5-minute periods; check the account's concurrency.`,
        metric: monitored.function.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: monitored.throttlePeriods,
      });
    }

    for (const { name, queue } of props.failureQueues) {
      this.addAlarm(`${name}FailedEvents`, {
        alarmName: `${prefix} ${name} failed events`,
        alarmDescription: `The ${name} failure queue holds events that failed after every retry; read them, fix the cause, then replay or delete them.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }

    const failedSms = new cloudwatch.Metric({ ...INVITATION_METRICS, metricName: 'InvitationsFailed', period: Duration.hours(1), statistic: 'Sum' });
    this.addAlarm('InvitationsFailed', {
      alarmName: `${prefix} invitation SMS failed`,
      alarmDescription: 'An invitation run recorded failed SMS; the invitations table holds each failure, and the invitation-runs query shows the run.',
      metric: failedSms,
      threshold: 1,
      evaluationPeriods: 1,
    });

    const requests = props.api.metricCount({ period: fiveMinutes, statistic: 'Sum' });
    const serverErrors = props.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' });
    const serverErrorPercent = new cloudwatch.MathExpression({
      expression: `IF(requests >= ${SERVER_ERROR_MIN_REQUESTS}, 100 * serverErrors / requests, 0)`,
      usingMetrics: { requests, serverErrors },
      period: fiveMinutes,
      label: 'HTTP API 5xx (%)',
    });
    this.addAlarm('ServerErrorRate', {
      alarmName: `${prefix} review API 5xx rate`,
      alarmDescription: `More than ${SERVER_ERROR_PERCENT_THRESHOLD}% of HTTP API requests (review pages and admin) failed with a 5xx in 5 minutes.`,
      metric: serverErrorPercent,
      threshold: SERVER_ERROR_PERCENT_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });

    const alarmAction = new actions.SnsAction(props.alarmTopic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(alarmAction);
    }

    this.dashboard = this.createDashboard(prefix, props, { requests, serverErrorPercent, failedSms });
  }

  private addAlarm(id: string, props: cloudwatch.AlarmProps): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...props,
      }),
    );
  }

  private createDashboard(
    name: string,
    props: MonitoringProps,
    metrics: { requests: cloudwatch.IMetric; serverErrorPercent: cloudwatch.IMetric; failedSms: cloudwatch.Metric },
  ): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: name });
    const fiveMinutes = Duration.minutes(5);
    const invitationMetric = (metricName: string) =>
      new cloudwatch.Metric({ ...INVITATION_METRICS, metricName, period: Duration.hours(1), statistic: 'Sum', label: metricName });

    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Invitation runs (per hour)',
        left: [invitationMetric('InvitationsSent'), invitationMetric('RemindersSent'), invitationMetric('InvitationsFailed'), invitationMetric('InvitationsUnconfirmed')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Review API',
        left: [metrics.requests],
        right: [metrics.serverErrorPercent],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        left: props.functions.map(({ name, function: fn }) => fn.metricErrors({ period: fiveMinutes, statistic: 'Sum', label: name })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Function duration p99 (ms)',
        left: props.functions.map(({ name, function: fn }) => fn.metricDuration({ period: fiveMinutes, statistic: 'p99', label: name })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Failure queues (messages)',
        left: props.failureQueues.map(({ name, queue }) => queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum', label: name })),
        width: 8,
      }),
    );
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));

    return dashboard;
  }
}
