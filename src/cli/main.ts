import { parseArgs } from 'node:util';
import { hideSdkNodeVersionNotice } from '../local/quiet-warnings.ts';
import { ValidationError } from '../core/errors.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { inviteCommand } from './commands/invite.ts';
import { moderateCommand } from './commands/moderate.ts';
import { outboxCommand } from './commands/outbox.ts';
import { replyCommand } from './commands/reply.ts';
import { reviewsCommand } from './commands/reviews.ts';
import { statsCommand } from './commands/stats.ts';
import { CliUsageError, USAGE } from './usage.ts';

/** Runs one CLI command and returns the exit code: 0 done, 1 failed, 2 called wrongly. */
async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'default-country': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'run-id': { type: 'string' },
      json: { type: 'boolean', default: false },
      status: { type: 'string' },
      rating: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      reason: { type: 'string' },
      force: { type: 'boolean', default: false },
      weeks: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;

  switch (values.help ? 'help' : command) {
    case 'import':
      return importCommand(rest[0], { defaultCountry: values['default-country'] });
    case 'invite':
      return inviteCommand({ dryRun: values['dry-run'], runId: values['run-id'] });
    case 'outbox':
      return outboxCommand({ json: values.json });
    case 'reply':
      return replyCommand(rest[0], rest.slice(1));
    case 'reviews':
      return reviewsCommand({ status: values.status, rating: values.rating, from: values.from, to: values.to, limit: values.limit });
    case 'approve':
      return moderateCommand('approved', rest, { reason: values.reason });
    case 'reject':
      return moderateCommand('rejected', rest, { reason: values.reason });
    case 'export':
      return exportCommand(rest, { status: values.status, force: values.force });
    case 'stats':
      return statsCommand({ json: values.json, weeks: values.weeks });
    case 'help':
    case undefined:
      console.log(USAGE);
      return 0;
    default:
      throw new CliUsageError(`unknown command "${command}"`);
  }
}

/**
 * Keeps a command running when its output is piped into a program that exits early (`| head`).
 * Printing is a side channel, so an invitation run must not stop half-way because of it.
 */
function ignoreClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') {
        throw error;
      }
    });
  }
}

function describeFailure(error: unknown, code: string | undefined): string {
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return unknownOptionMessage(error);
  }

  // Node's text for this is "Option '--reason <value>' argument missing".
  const option = /'(--[a-z-]+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return `option ${option} needs a value, for example ${option} "text"`;
  }

  return error instanceof Error ? error.message : String(error);
}

/** Shortens Node's message for an unknown option, whose advice about `--` only confuses a typo. */
function unknownOptionMessage(error: unknown): string {
  const option = /'([^']+)'/.exec(error instanceof Error ? error.message : '')?.[1];
  return option ? `unknown option ${option}; the options of each command are listed below` : String(error);
}

hideSdkNodeVersionNotice();
ignoreClosedOutput();
// The functions log JSON for CloudWatch; on a terminal the commands print their own summary, so
// the JSON logs are off unless POWERTOOLS_LOG_LEVEL sets a level (e.g. INFO).
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = (error as { code?: string }).code;
    const usage = error instanceof CliUsageError || code?.startsWith('ERR_PARSE_ARGS');
    console.error(`starling: ${describeFailure(error, code)}`);
    if (usage) {
      console.error(`\n${USAGE}`);
    }

    // An invalid option value is a wrong call too, but its message already names the option and value.
    process.exitCode = usage || error instanceof ValidationError ? 2 : 1;
  },
);
