import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The fields of each access log line. Review links carry their token in the query string, so no
 * field may contain it. `$context.path` is the path without the query string. No field reads the
 * query string, the full request URL, or a request header that could repeat it, such as Referer.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integration.latency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
} as const;

export interface ReviewApiProps {
  renderReviewForm: lambda.IFunction;
  submitReview: lambda.IFunction;
  throttle: { rate: number; burst: number };
  logRetention: logs.RetentionDays;
  retainLogs: boolean;
  /** A custom domain for the review links, with an ACM certificate for it in the stack's region. */
  customDomain?: { domainName: string; certificateArn: string };
}

/**
 * The public HTTP API of the review pages: `GET /review` renders the form and `POST /review`
 * stores the review. Both use payload format 2.0, which the handlers expect. Throttling applies to
 * the whole stage, and access logs go to their own log group as JSON.
 */
export class ReviewApi extends Construct {
  readonly api: apigatewayv2.HttpApi;
  readonly stage: apigatewayv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The base URL of review links, without a trailing slash. */
  readonly publicUrl: string;
  readonly domainName?: apigatewayv2.DomainName;

  constructor(scope: Construct, id: string, props: ReviewApiProps) {
    super(scope, id);

    this.api = new apigatewayv2.HttpApi(this, 'Api', {
      description: 'Starling review pages',
      createDefaultStage: false,
    });

    this.api.addRoutes({
      path: '/review',
      methods: [apigatewayv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('RenderReviewForm', props.renderReviewForm),
    });
    this.api.addRoutes({
      path: '/review',
      methods: [apigatewayv2.HttpMethod.POST],
      integration: new HttpLambdaIntegration('SubmitReview', props.submitReview),
    });

    if (props.customDomain) {
      this.domainName = new apigatewayv2.DomainName(this, 'DomainName', {
        domainName: props.customDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
      });
    }

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.stage = new apigatewayv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rate, burstLimit: props.throttle.burst },
      accessLogSettings: {
        destination: new apigatewayv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
      domainMapping: this.domainName ? { domainName: this.domainName } : undefined,
    });

    this.publicUrl = props.customDomain ? `https://${props.customDomain.domainName}` : this.api.apiEndpoint;
  }
}
