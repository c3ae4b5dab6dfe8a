import type { DataPaths } from './data-dir.ts';

export const LOCAL_TABLES = { customers: 'starling-customers', invitations: 'starling-invitations', reviews: 'starling-reviews', runs: 'starling-runs' };
export const LOCAL_ADMIN_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:starling-admin';
export const DEFAULT_BUSINESS_NAME = 'Starling Demo Shop';

export interface LocalEndpoints {
  dynamodb: string;
  sns: string;
  /** Base URL of the review pages, used in SMS links. */
  publicUrl: string;
}

/**
 * Sets the environment the functions read, pointing the AWS SDK at the local servers. The SDK
 * takes `AWS_ENDPOINT_URL_<SERVICE>` as its endpoint, so the functions' code is the production code.
 * The credentials are placeholders: the local servers accept any signature.
 */
export function applyLocalEnvironment(paths: DataPaths, endpoints: LocalEndpoints, env: NodeJS.ProcessEnv = process.env): void {
  Object.assign(env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SNS: endpoints.sns,
    STARLING_CUSTOMERS_TABLE: LOCAL_TABLES.customers,
    STARLING_INVITATIONS_TABLE: LOCAL_TABLES.invitations,
    STARLING_REVIEWS_TABLE: LOCAL_TABLES.reviews,
    STARLING_RUNS_TABLE: LOCAL_TABLES.runs,
    STARLING_ADMIN_TOPIC_ARN: LOCAL_ADMIN_TOPIC_ARN,
    STARLING_TOKEN_KEYS_FILE: paths.tokenKeys,
    STARLING_ADMIN_AUTH: 'local',
    STARLING_ADMIN_PASSWORD_FILE: paths.adminPassword,
    STARLING_ADMIN_SESSION_KEY_FILE: paths.adminSessionKey,
    STARLING_PUBLIC_URL: endpoints.publicUrl,
    STARLING_BUSINESS_NAME: env.STARLING_BUSINESS_NAME?.trim() || DEFAULT_BUSINESS_NAME,
    // Locally the business is in the machine's time zone unless STARLING_TIME_ZONE sets one.
    STARLING_TIME_ZONE: env.STARLING_TIME_ZONE?.trim() || Intl.DateTimeFormat().resolvedOptions().timeZone,
    // Locally SMS go nowhere, so there is no limit unless a test or demo sets one.
    STARLING_SMS_PER_SECOND: env.STARLING_SMS_PER_SECOND?.trim() || 'unlimited',
  });
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
}
