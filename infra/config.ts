import { z } from 'zod';
import { parseSendingWindow } from '../src/core/quiet-hours.ts';
import { parseSmsTemplate } from '../src/core/sms-text.ts';
import { isValidTimeZone } from '../src/core/time-zones.ts';

/**
 * The deployment settings, read from the `starling` object in cdk.json's context and from
 * environment variables, which take precedence. Where a setting is also a function setting, the
 * variable has the function's name (`STARLING_BUSINESS_NAME`, `STARLING_TIME_ZONE`, ...), so one
 * shell sets both. Function settings left unset are not passed on, and the function's own default
 * applies.
 */

/** The environment variable of each setting; `apiThrottle` is nested in cdk.json and flat here. */
export const ENVIRONMENT_VARIABLES = {
  stage: 'STARLING_STAGE',
  businessName: 'STARLING_BUSINESS_NAME',
  timeZone: 'STARLING_TIME_ZONE',
  schedule: 'STARLING_SCHEDULE',
  scheduleEnabled: 'STARLING_SCHEDULE_ENABLED',
  sendingWindow: 'STARLING_SENDING_WINDOW',
  smsPerSecond: 'STARLING_SMS_PER_SECOND',
  smsConcurrency: 'STARLING_SMS_CONCURRENCY',
  scanSegments: 'STARLING_SCAN_SEGMENTS',
  invitationTtlDays: 'STARLING_INVITATION_TTL_DAYS',
  invitationCooldownDays: 'STARLING_INVITATION_COOLDOWN_DAYS',
  reviewCooldownDays: 'STARLING_REVIEW_COOLDOWN_DAYS',
  reminderAfterDays: 'STARLING_REMINDER_AFTER_DAYS',
  smsTemplate: 'STARLING_SMS_TEMPLATE',
  reminderTemplate: 'STARLING_REMINDER_TEMPLATE',
  smsHelpText: 'STARLING_SMS_HELP_TEXT',
  smsSenderId: 'STARLING_SMS_SENDER_ID',
  domainName: 'STARLING_DOMAIN_NAME',
  certificateArn: 'STARLING_CERTIFICATE_ARN',
  adminEmail: 'STARLING_ADMIN_EMAIL',
  adminDomainPrefix: 'STARLING_ADMIN_DOMAIN_PREFIX',
  'apiThrottle.rate': 'STARLING_API_THROTTLE_RATE',
  'apiThrottle.burst': 'STARLING_API_THROTTLE_BURST',
  logRetentionDays: 'STARLING_LOG_RETENTION_DAYS',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
} as const;

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const RETENTION_MESSAGE = `must be one of the periods CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')} days`;

export const DEFAULT_SCHEDULE = 'cron(0 10 * * ? *)';

/** Words that Cognito rejects in a hosted UI domain prefix. */
const COGNITO_RESERVED_WORDS = /aws|amazon|cognito/;

/** Reads a whole number written as a number or, from an environment variable, as digits. */
function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(numberFromText, z.number(message).int(message).min(min, message).max(max, message));
}

function numberFromText(value: unknown): unknown {
  return typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

function booleanFromText(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }

  const text = value.trim().toLowerCase();
  if (text === 'true') {
    return true;
  }

  if (text === 'false') {
    return false;
  }

  return value;
}

/**
 * Accepts text that `parse` accepts, so the stack checks a setting with the same parser the
 * function uses. The parser's message, which names the setting and quotes the value, becomes the issue.
 */
function parsedBy(parse: (value: string) => unknown) {
  return z.string('must be text').superRefine((value, context) => {
    try {
      parse(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error), params: { quotesValue: true } });
    }
  });
}

/**
 * An EventBridge Scheduler cron expression: six fields (minutes, hours, day of month, month, day of
 * week, year), with `?` in day of month or day of week. Scheduler checks the fields themselves at deploy.
 */
const cronExpression = z.string().regex(/^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/, 'must be cron(minutes hours day-of-month month day-of-week year), such as cron(0 10 * * ? *)').refine((value) => {
  const fields = value.slice('cron('.length, -1).split(' ');
  return fields[2] === '?' || fields[4] === '?';
}, 'must have ? as either day-of-month or day-of-week, such as cron(0 10 * * ? *)');

const smsRate = z.preprocess(numberFromText, z.union([z.number().positive('must be a positive number of messages per second'), z.literal('unlimited')], {
  error: 'must be a positive number of messages per second or "unlimited"',
}));

export const starlingConfigSchema = z
  .strictObject({
    /** Names the stack and its functions; `prod` keeps data when the stack is deleted. */
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be 1 to 20 lowercase letters, digits or hyphens, starting with a letter')
      .default('dev'),
    businessName: z.string('must be the business name shown in every SMS and page').trim().min(1, 'must not be empty'),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as America/New_York').default('UTC'),
    schedule: cronExpression.default(DEFAULT_SCHEDULE),
    scheduleEnabled: z.preprocess(booleanFromText, z.boolean('must be true or false')).default(true),
    sendingWindow: parsedBy((value) => parseSendingWindow(value, 'sendingWindow')).optional(),
    smsPerSecond: smsRate.optional(),
    smsConcurrency: wholeNumber(1, 256).optional(),
    scanSegments: wholeNumber(1, 64).optional(),
    invitationTtlDays: wholeNumber(1, 90).optional(),
    invitationCooldownDays: wholeNumber(0, 3650).optional(),
    reviewCooldownDays: wholeNumber(0, 3650).optional(),
    reminderAfterDays: wholeNumber(1, 90).optional(),
    smsTemplate: parsedBy((value) => parseSmsTemplate(value, 'smsTemplate')).optional(),
    reminderTemplate: parsedBy((value) => parseSmsTemplate(value, 'reminderTemplate')).optional(),
    smsHelpText: z.string().trim().min(1, 'must not be empty').optional(),
    // SNS accepts a sender id of 1 to 11 letters and digits with at least one letter.
    smsSenderId: z
      .string()
      .regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/, 'must be 1 to 11 letters and digits, with at least one letter')
      .optional(),
    domainName: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lowercase domain name such as rv.example.com, without https://')
      .optional(),
    certificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, 'must be an ACM certificate ARN')
      .optional(),
    /** The first admin of the user pool, and a subscriber of the admin topic. */
    adminEmail: z.email('must be an email address').optional(),
    /** The prefix of the hosted UI domain `https://<prefix>.auth.<region>.amazoncognito.com`, which only one account in a region can take. */
    adminDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen, such as harbor-coffee-admin')
      .refine((value) => !COGNITO_RESERVED_WORDS.test(value), 'must not contain "aws", "amazon" or "cognito", which Cognito reserves')
      .optional(),
    apiThrottle: z
      .strictObject({
        /** Steady-state requests per second for the whole API. */
        rate: z.preprocess(numberFromText, z.number('must be a number of requests per second').positive('must be a positive number of requests per second')).default(10),
        /** Requests that may arrive at once above the rate. */
        burst: wholeNumber(1, 5000).default(20),
      })
      .default({ rate: 10, burst: 20 }),
    logRetentionDays: z
      .preprocess(
        numberFromText,
        z.number(RETENTION_MESSAGE).refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), RETENTION_MESSAGE),
      )
      .default(30),
    logLevel: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'], 'must be TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL or SILENT').default('INFO'),
  })
  .superRefine((config, context) => {
    if (config.domainName !== undefined && config.certificateArn === undefined) {
      context.addIssue({ code: 'custom', path: ['certificateArn'], message: "is required with domainName: the ARN of an ACM certificate for that name, in the stack's region", params: { missing: true } });
    }

    if (config.certificateArn !== undefined && config.domainName === undefined) {
      context.addIssue({ code: 'custom', path: ['domainName'], message: 'is required with certificateArn', params: { missing: true } });
    }

    // Without a prefix the stack uses starling-<stage>-<account id>, which Cognito would reject.
    if (config.adminDomainPrefix === undefined && COGNITO_RESERVED_WORDS.test(config.stage)) {
      context.addIssue({
        code: 'custom',
        path: ['adminDomainPrefix'],
        message: `is required because the stage "${config.stage}" contains "aws", "amazon" or "cognito", which Cognito does not accept in the default prefix starling-<stage>-<account id>`,
        params: { missing: true },
      });
    }
  });

export type StarlingConfig = z.output<typeof starlingConfigSchema>;

/** Raised when the deployment settings are invalid; the message lists every problem with its key and value. */
export class StarlingConfigError extends Error {
  override readonly name = 'StarlingConfigError';
}

export interface ConfigSources {
  /** The value of the `starling` context key: cdk.json, or `cdk -c`. */
  context: unknown;
  env: Record<string, string | undefined>;
}

/** Merges the context object and the environment variables, then validates the result. Throws `StarlingConfigError`. */
export function loadConfig(sources: ConfigSources): StarlingConfig {
  if (sources.context !== undefined && (typeof sources.context !== 'object' || sources.context === null || Array.isArray(sources.context))) {
    throw new StarlingConfigError(`invalid Starling configuration: the context key "starling" must be an object, got ${JSON.stringify(sources.context)}`);
  }

  const raw: Record<string, unknown> = structuredClone((sources.context as Record<string, unknown> | undefined) ?? {});
  const fromEnvironment = new Set<string>();
  for (const [key, variable] of Object.entries(ENVIRONMENT_VARIABLES)) {
    const value = sources.env[variable]?.trim();
    if (!value) {
      continue;
    }

    setPath(raw, key.split('.'), value);
    fromEnvironment.add(key);
  }

  const parsed = starlingConfigSchema.safeParse(raw, { reportInput: true });
  if (parsed.success) {
    return parsed.data;
  }

  const problems = parsed.error.issues.map((issue) => describeIssue(issue, fromEnvironment));
  throw new StarlingConfigError(`invalid Starling configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) {
    return;
  }

  if (rest.length === 0) {
    target[head] = value;
    return;
  }

  const child = target[head];
  const next = typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  target[head] = next;
  setPath(next, rest, value);
}

/** Names the key, where its value came from, and the value, such as `smsPerSecond (STARLING_SMS_PER_SECOND): must be ..., got "abc"`. */
function describeIssue(issue: z.core.$ZodIssue, fromEnvironment: Set<string>): string {
  const key = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = key ? `context starling.${key}` : 'context starling';
    return `${where} has unknown keys ${issue.keys.map((name) => `"${name}"`).join(', ')}; the known keys are listed in docs/deploy.md`;
  }

  const source = fromEnvironment.has(key) ? ENVIRONMENT_VARIABLES[key as keyof typeof ENVIRONMENT_VARIABLES] : `context starling.${key}`;
  if (issue.code === 'custom' && issue.params?.quotesValue === true) {
    return `${key} (${source}): ${issue.message}`;
  }

  if (issue.input === undefined || (issue.code === 'custom' && issue.params?.missing === true)) {
    const variable = ENVIRONMENT_VARIABLES[key as keyof typeof ENVIRONMENT_VARIABLES];
    return `${key} is missing: set context starling.${key}${variable ? ` or ${variable}` : ''}; it ${issue.message}`;
  }

  return `${key} (${source}) ${issue.message}, got ${JSON.stringify(issue.input)}`;
}

/** True for the stage whose data outlives the stack: its tables, secret and logs are retained on delete. */
export function isProductionStage(config: StarlingConfig): boolean {
  return config.stage === 'prod';
}
