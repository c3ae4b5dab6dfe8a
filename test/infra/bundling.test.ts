import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../infra/constructs/starling-function.ts';
import { logicalIdOf, synthesize } from './stack-fixture.ts';

const run = promisify(execFile);

/**
 * The one test that synthesizes as `cdk synth` and `cdk deploy` do: it bundles with the real
 * esbuild, so that a bundling error fails the tests, and runs CDK's built-in CloudFormation
 * validation. Every other infra test skips both.
 */
describe('full synthesis', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'starling-cdk-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const { stack, template } = synthesize({}, { bundling: true, outdir });
  const resources = template.toJSON().Resources as Record<string, { Properties: { Code: { S3Key: string } } }>;

  function bundlePath(name: FunctionName): string {
    const key = resources[logicalIdOf(stack, stack.functions[name].function)]!.Properties.Code.S3Key;
    return join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
  }

  // Enough settings for each composition root to build its clients; nothing is called.
  const environment = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    STARLING_BUSINESS_NAME: 'Harbor Coffee',
    STARLING_PUBLIC_URL: 'https://rv.example.com',
    STARLING_CUSTOMERS_TABLE: 'customers',
    STARLING_INVITATIONS_TABLE: 'invitations',
    STARLING_REVIEWS_TABLE: 'reviews',
    STARLING_RUNS_TABLE: 'runs',
    STARLING_TOKEN_SECRET_ID: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token-keys-AbCdEf',
    STARLING_ADMIN_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:admin',
    STARLING_TIME_ZONE: 'America/New_York',
    STARLING_ADMIN_AUTH: 'cognito',
    STARLING_COGNITO_USER_POOL_ID: 'us-east-1_AbCdEfGhI',
    STARLING_COGNITO_CLIENT_ID: '1example23456789abcdefghij',
    STARLING_COGNITO_DOMAIN: 'https://starling-dev-123456789012.auth.us-east-1.amazoncognito.com',
  };

  it('passes the CloudFormation template validation', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: unknown[] }[] };
    expect(report.pluginReports.flatMap((pluginReport) => pluginReport.violations ?? [])).toEqual([]);
  });

  it.each(['send-invitations', 'inbound-sms', 'render-review-form', 'submit-review', 'admin'] as const)('bundles %s into an ESM module that loads', { timeout: 60_000 }, async (name) => {
    const path = bundlePath(name);
    expect(existsSync(path)).toBe(true);
    expect(existsSync(`${path}.map`)).toBe(true);

    // esbuild emits this shim when a bundled CommonJS module calls `require`, which an ES module
    // lacks. The shim throws at run time unless a banner in the bundle defines `require`.
    expect(readFileSync(path, 'utf8')).not.toContain('Dynamic require of');

    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', 'const module = await import(process.argv[1]); console.log(typeof module.handler);', path], {
      env: environment,
    });
    expect(stdout.trim()).toBe('function');
  });
});
