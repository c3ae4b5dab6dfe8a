import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface LogQueriesProps {
  /** Prefixes the saved query names, which appear in the CloudWatch Logs Insights console. */
  stage: string;
  /** The log groups of `GET /review` and `POST /review`. */
  httpFunctionLogs: logs.ILogGroup[];
  allFunctionLogs: logs.ILogGroup[];
  sendInvitationsLogs: logs.ILogGroup;
}

/** Requests slower than this, in milliseconds, or with a cold start slower than this, count as slow. */
export const SLOW_REQUEST_MS = 1000;

/**
 * Saved CloudWatch Logs Insights queries. They read the Lambda platform's REPORT lines and the
 * JSON lines that Powertools Logger writes, whose fields (`level`, `message`, `service` and the
 * extra keys of each call) sit at the top level of each event.
 */
export class LogQueries extends Construct {
  constructor(scope: Construct, id: string, props: LogQueriesProps) {
    super(scope, id);

    const prefix = `Starling-${props.stage}`;

    new logs.QueryDefinition(this, 'SlowRequests', {
      queryDefinitionName: `${prefix}/slow-review-requests`,
      logGroups: props.httpFunctionLogs,
      queryString: new logs.QueryString({
        fields: ['@timestamp', '@log', '@requestId', '@duration', '@initDuration', '@maxMemoryUsed'],
        filterStatements: ['@type = "REPORT"', `@duration > ${SLOW_REQUEST_MS} or @initDuration > ${SLOW_REQUEST_MS}`],
        sort: '@duration desc',
        limit: 100,
      }),
    });

    new logs.QueryDefinition(this, 'ErrorsByType', {
      queryDefinitionName: `${prefix}/errors-by-type`,
      logGroups: props.allFunctionLogs,
      queryString: new logs.QueryString({
        filterStatements: ['level = "ERROR"'],
        statsStatements: ['count(*) as errors by service, message, error.name'],
        sort: 'errors desc',
      }),
    });

    // Logs Insights stores the REPORT line's memory in bytes. Dividing by 1000 × 1000 gives the MB
    // that Lambda reports, as the sample queries of AWS's Lambda Operator Guide do.
    new logs.QueryDefinition(this, 'MemoryUse', {
      queryDefinitionName: `${prefix}/memory-use`,
      logGroups: props.allFunctionLogs,
      queryString: new logs.QueryString({
        filterStatements: ['@type = "REPORT"'],
        statsStatements: ['max(@maxMemoryUsed / 1000 / 1000) as maxUsedMB, avg(@maxMemoryUsed / 1000 / 1000) as avgUsedMB, max(@memorySize / 1000 / 1000) as configuredMB, count(*) as invocations by @log'],
        sort: 'maxUsedMB desc',
      }),
    });

    new logs.QueryDefinition(this, 'InvitationRuns', {
      queryDefinitionName: `${prefix}/invitation-runs`,
      logGroups: [props.sendInvitationsLogs],
      queryString: new logs.QueryString({
        fields: [
          '@timestamp',
          'runId',
          'message',
          'counters.sent',
          'counters.remindersSent',
          'counters.failed',
          'counters.unconfirmed',
          'durationMs',
          'invocations',
          'holder',
        ],
        filterStatements: ['message like /invitation run/'],
        sort: '@timestamp desc',
        limit: 100,
      }),
    });
  }
}
