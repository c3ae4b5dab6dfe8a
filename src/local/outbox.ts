import { appendFile, readFile } from 'node:fs/promises';
import type { OutboxEntry } from './outbox-entry.ts';

/**
 * The local stand-in for phones and admin inboxes: every SMS and admin notification the SNS
 * stand-in accepts, appended to a JSON Lines file in the data folder, oldest first.
 */
export class Outbox {
  constructor(private readonly path: string) {}

  async append(entry: OutboxEntry): Promise<void> {
    await appendFile(this.path, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', mode: 0o600 });
  }

  /** Returns every entry, oldest first. A line cut short by a crash is skipped, not fatal. */
  async list(): Promise<OutboxEntry[]> {
    return readOutbox(this.path);
  }
}

export async function readOutbox(path: string): Promise<OutboxEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }

    throw error;
  }

  const entries: OutboxEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }

    try {
      entries.push(JSON.parse(line) as OutboxEntry);
    } catch {
      // A partial last line from an interrupted write; the entries before it are intact.
    }
  }

  return entries;
}

/** Finds the first http(s) link in a message, the review link of an invitation SMS. */
export function findLink(body: string): string | undefined {
  return body.match(/https?:\/\/\S+/)?.[0];
}
