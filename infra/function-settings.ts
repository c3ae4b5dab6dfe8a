import { Duration } from 'aws-cdk-lib';
import type { StarlingConfig } from './config.ts';
import type { FunctionName } from './constructs/starling-function.ts';

/**
 * Memory and timeout of each function, with the reason. Lambda gives a function CPU in proportion
 * to its memory, so memory also buys speed.
 */
export const FUNCTION_SIZES: Record<FunctionName, { memorySize: number; timeout: Duration; reason: string }> = {
  'send-invitations': {
    memorySize: 512,
    timeout: Duration.minutes(15),
    reason:
      'The run is paced by the SMS rate, so it works for the longest time Lambda allows and then continues in a new invocation. ' +
      'Memory stays bounded because it reads one page of customers at a time; 512 MB buys CPU for the SMS sent in parallel.',
  },
  'inbound-sms': {
    memorySize: 256,
    timeout: Duration.seconds(30),
    reason: 'SNS delivers one reply per invocation: a customer lookup, an update and at most one SMS with the SDK retries.',
  },
  'render-review-form': {
    memorySize: 256,
    timeout: Duration.seconds(10),
    reason:
      'A few DynamoDB reads and, on a cold start, one Secrets Manager read. The HTTP API waits at most 30 s; 10 s ends a stuck call well before.',
  },
  'submit-review': {
    memorySize: 256,
    timeout: Duration.seconds(10),
    reason: 'As render-review-form, plus one DynamoDB write and one SNS publish.',
  },
  admin: {
    memorySize: 512,
    timeout: Duration.seconds(25),
    reason:
      'Pages and the API read a few items, but the statistics and the CSV export read whole tables; 512 MB buys CPU for that. ' +
      'The HTTP API waits at most 30 s, so the function stops first and logs its own timeout.',
  },
};

/**
 * The settings each function reads from its environment that come from the configuration. Table
 * names, topic ARNs and the secret are set by the grant helpers, together with the access.
 * Optional settings are passed only when configured, so the function's own default applies.
 */
export function configuredEnvironment(config: StarlingConfig, publicUrl: string): Record<FunctionName, Record<string, string>> {
  const business = { STARLING_BUSINESS_NAME: config.businessName };

  return {
    'send-invitations': {
      ...business,
      STARLING_PUBLIC_URL: publicUrl,
      STARLING_TIME_ZONE: config.timeZone,
      ...optional('STARLING_SENDING_WINDOW', config.sendingWindow),
      ...optional('STARLING_SMS_PER_SECOND', config.smsPerSecond),
      ...optional('STARLING_SMS_CONCURRENCY', config.smsConcurrency),
      ...optional('STARLING_SCAN_SEGMENTS', config.scanSegments),
      ...optional('STARLING_INVITATION_TTL_DAYS', config.invitationTtlDays),
      ...optional('STARLING_INVITATION_COOLDOWN_DAYS', config.invitationCooldownDays),
      ...optional('STARLING_REVIEW_COOLDOWN_DAYS', config.reviewCooldownDays),
      ...optional('STARLING_REMINDER_AFTER_DAYS', config.reminderAfterDays),
      ...optional('STARLING_SMS_TEMPLATE', config.smsTemplate),
      ...optional('STARLING_REMINDER_TEMPLATE', config.reminderTemplate),
      ...optional('STARLING_SMS_SENDER_ID', config.smsSenderId),
    },
    'inbound-sms': {
      ...business,
      ...optional('STARLING_SMS_HELP_TEXT', config.smsHelpText),
      ...optional('STARLING_SMS_SENDER_ID', config.smsSenderId),
    },
    'render-review-form': { ...business },
    'submit-review': { ...business, STARLING_PUBLIC_URL: publicUrl },
    // The Cognito settings are set by AdminAccess, together with the routes and the user pool.
    admin: { ...business, STARLING_PUBLIC_URL: publicUrl, STARLING_TIME_ZONE: config.timeZone },
  };
}

function optional(name: string, value: string | number | undefined): Record<string, string> {
  return value === undefined ? {} : { [name]: String(value) };
}
