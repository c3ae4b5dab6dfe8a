import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('CLI without npm start', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'starling-cli-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('imports into its own local stack', async () => {
    const result = await runCli(dataDir, ['import', 'test/fixtures/customers-shopify.csv']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported 9 new');
  });

  it('lists recipients in a dry run without sending', async () => {
    const result = await runCli(dataDir, ['invite', '--dry-run']);
    const outbox = await runCli(dataDir, ['outbox', '--json']);

    expect(result.stdout).toContain('Would send 7;');
    expect(result.stdout).toMatch(/Tom Becker\s+\+1\*+10\s+skipped: no SMS consent/);
    expect(JSON.parse(outbox.stdout)).toEqual([]);
  });

  it('sends invitations into the outbox file', async () => {
    const result = await runCli(dataDir, ['invite']);
    const outbox = await runCli(dataDir, ['outbox', '--json']);
    const entries = (JSON.parse(outbox.stdout) as { kind: string; link?: string }[]).filter((entry) => entry.kind === 'sms');

    expect(result.stdout).toContain(': 7 sent, 0 reminders, 0 failed');
    expect(entries).toHaveLength(7);
    expect(entries.every((entry) => entry.link?.startsWith('http://127.0.0.1:3000/review?token='))).toBe(true);
  });

  it('masks phone numbers in its output', async () => {
    const result = await runCli(dataDir, ['outbox']);

    expect(result.stdout).toContain('SMS to +1********32');
    expect(result.stdout).not.toContain('+14155550132');
  });

  it('releases the data folder when done', async () => {
    const first = await runCli(dataDir, ['reviews']);
    const second = await runCli(dataDir, ['reviews']);

    expect(first.stdout).toContain('No reviews yet');
    expect(second.code).toBe(0);
  });

  it('exits with 2 on an unknown command', async () => {
    const result = await runCli(dataDir, ['frobnicate']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });
});
