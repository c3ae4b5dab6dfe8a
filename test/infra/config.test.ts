import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, StarlingConfigError } from '../../infra/config.ts';

// Read directly rather than through the stack fixture, so this file does not load aws-cdk-lib.
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: { starling: unknown } };

const base = { businessName: 'Harbor Coffee' };

function errorOf(context: unknown, env: Record<string, string> = {}): string {
  try {
    loadConfig({ context, env });
  } catch (error) {
    expect(error).toBeInstanceOf(StarlingConfigError);
    return (error as Error).message;
  }

  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('fills in the defaults', () => {
    expect(loadConfig({ context: base, env: {} })).toEqual({
      stage: 'dev',
      businessName: 'Harbor Coffee',
      timeZone: 'UTC',
      schedule: 'cron(0 10 * * ? *)',
      scheduleEnabled: true,
      apiThrottle: { rate: 10, burst: 20 },
      logRetentionDays: 30,
      logLevel: 'INFO',
    });
  });

  it('accepts the settings in cdk.json', () => {
    expect(loadConfig({ context: cdkJson.context.starling, env: {} }).businessName).toBe('Starling Demo Shop');
  });

  it('prefers environment variables to the context', () => {
    const config = loadConfig({
      context: { ...base, timeZone: 'Europe/Berlin', apiThrottle: { rate: 5, burst: 9 } },
      env: { STARLING_TIME_ZONE: 'America/Chicago', STARLING_API_THROTTLE_BURST: '40', STARLING_SMS_PER_SECOND: '0.5', POWERTOOLS_LOG_LEVEL: 'WARN' },
    });

    expect(config.timeZone).toBe('America/Chicago');
    expect(config.apiThrottle).toEqual({ rate: 5, burst: 40 });
    expect(config.smsPerSecond).toBe(0.5);
    expect(config.logLevel).toBe('WARN');
  });

  it('ignores empty environment variables', () => {
    expect(loadConfig({ context: base, env: { STARLING_TIME_ZONE: '  ' } }).timeZone).toBe('UTC');
  });

  it('reads numbers and booleans written as text', () => {
    const config = loadConfig({ context: { ...base, logRetentionDays: '90', scheduleEnabled: 'false', smsPerSecond: 'unlimited' }, env: {} });

    expect(config.logRetentionDays).toBe(90);
    expect(config.scheduleEnabled).toBe(false);
    expect(config.smsPerSecond).toBe('unlimited');
  });

  it('rejects unknown keys, naming them', () => {
    const message = errorOf({ ...base, smsPerSeconds: 3, apiThrottle: { rate: 1, burstLimit: 2 } });

    expect(message).toContain('context starling has unknown keys "smsPerSeconds"');
    expect(message).toContain('context starling.apiThrottle has unknown keys "burstLimit"');
  });

  it('names the key, the source and the value of each problem', () => {
    const message = errorOf({ ...base, logRetentionDays: 31 }, { STARLING_SMS_PER_SECOND: 'fast', STARLING_TIME_ZONE: 'Mars/Olympus' });

    expect(message).toContain('smsPerSecond (STARLING_SMS_PER_SECOND) must be a positive number of messages per second or "unlimited", got "fast"');
    expect(message).toContain('timeZone (STARLING_TIME_ZONE) must be an IANA time zone such as America/New_York, got "Mars/Olympus"');
    expect(message).toContain('logRetentionDays (context starling.logRetentionDays) must be one of the periods CloudWatch Logs accepts');
    expect(message).toContain('got 31');
  });

  it('requires the business name', () => {
    expect(errorOf({})).toContain('businessName is missing: set context starling.businessName or STARLING_BUSINESS_NAME');
  });

  it.each([
    ['stage', 'Prod'],
    ['schedule', 'cron(0 10 * * *)'],
    ['schedule', 'cron(0 10 * * * *)'],
    ['schedule', 'rate(1 day)'],
    ['sendingWindow', '20-09'],
    ['smsTemplate', 'Hi {firstName}, review us: {link}'],
    ['smsSenderId', 'Harbor Coffee'],
    ['smsConcurrency', 0],
    ['invitationTtlDays', 91],
    ['adminEmail', 'owner'],
    ['adminDomainPrefix', 'Harbor-Admin'],
    ['adminDomainPrefix', '-harbor-admin'],
    ['adminDomainPrefix', 'harbor.admin'],
    ['adminDomainPrefix', 'harbor-aws-admin'],
    ['domainName', 'https://rv.example.com'],
    ['logLevel', 'VERBOSE'],
    ['scheduleEnabled', 'yes'],
  ])('rejects %s = %j', (key, value) => {
    expect(errorOf({ ...base, [key]: value })).toContain(key);
  });

  it('checks windows and templates like the functions', () => {
    expect(errorOf({ ...base, sendingWindow: '20-09' })).toContain('sendingWindow must have 0 <= START < END <= 24 hours');
    expect(errorOf({ ...base, smsTemplate: 'Review us: {link}' })).toContain('STOP');
  });

  it('reads the admin settings from the environment', () => {
    const config = loadConfig({
      context: { ...base, adminEmail: 'old@example.com' },
      env: { STARLING_ADMIN_EMAIL: 'owner@example.com', STARLING_ADMIN_DOMAIN_PREFIX: 'harbor-coffee-admin' },
    });

    expect(config.adminEmail).toBe('owner@example.com');
    expect(config.adminDomainPrefix).toBe('harbor-coffee-admin');
  });

  it('names the domain prefix and its value', () => {
    expect(errorOf({ ...base, adminDomainPrefix: 'harbor-cognito' })).toContain(
      'adminDomainPrefix (context starling.adminDomainPrefix) must not contain "aws", "amazon" or "cognito", which Cognito reserves, got "harbor-cognito"',
    );
    expect(errorOf(base, { STARLING_ADMIN_DOMAIN_PREFIX: 'Harbor_Admin' })).toContain(
      'adminDomainPrefix (STARLING_ADMIN_DOMAIN_PREFIX) must be 1 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen, such as harbor-coffee-admin, got "Harbor_Admin"',
    );
  });

  it('names the admin email and its value', () => {
    expect(errorOf(base, { STARLING_ADMIN_EMAIL: 'owner' })).toContain('adminEmail (STARLING_ADMIN_EMAIL) must be an email address, got "owner"');
  });

  it('requires a domain prefix when the stage contains a reserved word', () => {
    expect(errorOf({ ...base, stage: 'aws-test' })).toContain('adminDomainPrefix is missing: set context starling.adminDomainPrefix or STARLING_ADMIN_DOMAIN_PREFIX');
    expect(loadConfig({ context: { ...base, stage: 'aws-test', adminDomainPrefix: 'harbor-test-admin' }, env: {} }).stage).toBe('aws-test');
  });

  it('requires a certificate with a custom domain', () => {
    expect(errorOf({ ...base, domainName: 'rv.example.com' })).toContain('certificateArn is missing');
  });

  it('rejects a context value that is not an object', () => {
    expect(errorOf('dev')).toContain('the context key "starling" must be an object, got "dev"');
  });
});
