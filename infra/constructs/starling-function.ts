import { fileURLToPath } from 'node:url';
import type { Duration } from 'aws-cdk-lib';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The folders under `src/functions/` that hold a Lambda handler. */
export type FunctionName = 'send-invitations' | 'inbound-sms' | 'render-review-form' | 'submit-review' | 'admin';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface StarlingFunctionProps {
  name: FunctionName;
  /** Prefixes the function name, so that stages can share an account. */
  stage: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  logRetention: logs.RetentionDays;
  /** `POWERTOOLS_LOG_LEVEL`. */
  logLevel: string;
  /** Keeps the log group when the stack is deleted. */
  retainLogs: boolean;
  reservedConcurrentExecutions?: number;
  environment?: Record<string, string>;
}

/**
 * One Starling function: a `NodejsFunction` bundled by the local esbuild from
 * `src/functions/<name>/handler.ts`, on Node.js 22 and arm64, with X-Ray tracing and its own log
 * group. Its role starts with only the right to write to that log group, and callers grant
 * everything else through the helpers in `access.ts`.
 */
export class StarlingFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: StarlingFunctionProps) {
    super(scope, id);

    this.functionName = `starling-${props.stage}-${props.name}`;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // A role of its own instead of the default one, which would carry the managed
    // AWSLambdaBasicExecutionRole policy and with it logs actions on every log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${this.functionName} function`,
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }));

    this.function = new NodejsFunction(this, 'Function', {
      functionName: this.functionName,
      description: props.description,
      entry: `${PROJECT_ROOT}src/functions/${props.name}/handler.ts`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        // NODE_OPTIONS=--enable-source-maps is left off: it added 10-40 ms to each cold start
        // (npm run bench:cold-start). The .map files ship for decoding a stack trace by hand.
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The SDK is bundled rather than taken from the runtime. A measurement reported in the
        // aws-sdk-js-v3 GitHub issues gives a cold start of 241 ms bundled and minified against
        // 675 ms without, and the function then runs the SDK version its tests ran.
        bundleAwsSDK: true,
        // No banner defines `require`: no bundled dependency calls it at run time, which the
        // bundling test checks by looking for esbuild's "Dynamic require" shim in each bundle.
      },
    });
  }
}
