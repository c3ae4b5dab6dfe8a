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
  reviews [--status S] [--rating R] [--from DAY] [--to DAY] [--limit N]
                                       List reviews, new ones first, then approved and rejected,
                                       newest first, with the count of each status. S is new,
                                       approved, rejected or all (default); R is stars, e.g. 4,5;
                                       DAY is YYYY-MM-DD in the business time zone, and --to
                                       includes that day; N is 1 to 100 (default 25).
  approve ID [--reason TEXT]           Approve a review; TEXT (up to 500 characters) is kept in
                                       its history.
  reject ID [--reason TEXT]            Reject a review, likewise.
  export [FILE] [--status S] [--force] Write the reviews as CSV (UTF-8 with BOM, for Excel) to
                                       FILE, readable only by you, or to standard output. Has
                                       customer names but no phone numbers. --force replaces an
                                       existing FILE.
  stats [--weeks N] [--json]           Show invitations sent, opened and answered, the average
                                       rating, the stars' distribution and the last N weeks
                                       (default 12); --json prints the raw numbers.
  help                                 Show this help.

Each command works whether or not \`npm start\` is running, on the data in .starling/
(set STARLING_DATA_DIR to use another folder).`;
