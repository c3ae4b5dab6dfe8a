import { isAbsolute, relative } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { maskPhone } from '../core/masking.ts';
import { resolveDataPaths } from './data-dir.ts';
import { LOCAL_TABLES } from './environment.ts';
import type { OutboxEntry } from './outbox-entry.ts';
import { hideSdkNodeVersionNotice } from './quiet-warnings.ts';
import { DataDirInUseError, startLocalStack } from './stack.ts';

/** `npm start`: runs the whole system on this machine until Ctrl+C. */
async function main(): Promise<void> {
  const paths = resolveDataPaths();
  const port = parsePort(process.env.PORT);

  const stack = await startLocalStack({ paths, port, owner: 'server', onMessage: printMessage, logger: console });
  const url = stack.url ?? '';

  console.log(`\nStarling is running at ${url}\n`);
  console.log(`  Review page     ${url}/review?token=…  (links arrive in the SMS outbox)`);
  console.log(`  SMS outbox      ${url}/dev/outbox   (JSON: ${url}/dev/outbox.json)`);
  console.log(`  Health          ${url}/health`);
  console.log(`  Admin           ${url}/admin   (user admin; password: cat ${shownPath(paths.adminPassword)})${stack.createdAdminPassword ? '  (new: generated on this first start)' : ''}`);
  console.log(`  Data folder     ${paths.root}${stack.createdKey ? '  (new: a token signing key was generated)' : ''}\n`);

  if (await isCustomersTableEmpty()) {
    console.log('No customers yet. In another terminal, import the example and send invitations:');
    console.log(`  ${cliPrefix()}npx starling import examples/customers.csv`);
    console.log(`  ${cliPrefix()}npx starling invite\n`);
  }

  console.log('Press Ctrl+C to stop.\n');

  const stop = async () => {
    console.log('\nStopping Starling…');
    await stack.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/**
 * Repeats the data folder and port settings this server runs with, so the suggested commands
 * reach the same data. Without them a command would use `.starling/` and port 3000.
 */
function cliPrefix(): string {
  const settings = ['STARLING_DATA_DIR', 'PORT'].filter((name) => process.env[name]?.trim()).map((name) => `${name}=${process.env[name]?.trim()}`);
  return settings.length > 0 ? `${settings.join(' ')} ` : '';
}

/** Returns the path relative to the working folder when it is inside it, so the printed command is short. */
function shownPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

function printMessage(entry: OutboxEntry): void {
  const time = entry.sentAt.slice(11, 19);
  if (entry.kind === 'sms') {
    console.log(`[${time}] SMS to ${maskPhone(entry.to)} (${[...entry.body].length} chars): ${entry.link ?? '(no link)'}`);
    return;
  }

  console.log(`[${time}] Admin notification to ${entry.to}:\n  ${entry.body.replace(/\n/g, '\n  ')}`);
}

async function isCustomersTableEmpty(): Promise<boolean> {
  const result = await new DynamoDBClient({}).send(new ScanCommand({ TableName: LOCAL_TABLES.customers, Limit: 1, Select: 'COUNT' }));
  return (result.Count ?? 0) === 0;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') {
    return 3000;
  }

  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${value}"`);
  }

  return port;
}

hideSdkNodeVersionNotice();

main().catch((error: unknown) => {
  if (error instanceof DataDirInUseError) {
    console.error(`Starling is already running: ${error.message}. Stop it first, or set STARLING_DATA_DIR to use another data folder.`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${process.env.PORT ?? 3000} is already in use. Set PORT to another port, for example PORT=3001 npm start.`);
  } else {
    console.error('Starling failed to start:', error instanceof Error ? error.message : error);
  }

  process.exit(1);
});
