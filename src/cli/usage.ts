/** A mistake in how the command was called; the CLI prints the message and the usage, and exits with 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export const USAGE = `Usage: npx starling <command> [options]

Commands:
  import FILE [--default-country CC]   Import customers from a Shopify export or a CSV with
                                       name, phone and email columns. CC is the two-letter country
                                       for phone numbers written without a country code (e.g. US).
  invite [--dry-run] [--run-id ID]     Send a review invitation SMS to every eligible customer.
                                       --dry-run lists who would get one and why others would not;
                                       --run-id resumes an interrupted run.
  outbox [--json]                      Show the SMS and admin notifications sent on this machine.
  reply PHONE TEXT                     Simulate a customer texting TEXT from PHONE (with its country
                                       code, e.g. +14155550132): STOP opts the customer out, HELP
                                       gets the help reply.
  reviews [--limit N]                  List the newest reviews (default 20).
  help                                 Show this help.

Each command works whether or not \`npm start\` is running, on the data in .starling/
(set STARLING_DATA_DIR to use another folder).`;
