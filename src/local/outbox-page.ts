import { compileFragment, renderLayout } from '../http/pages/layout.ts';
import type { OutboxEntry } from './outbox-entry.ts';

interface OutboxItem {
  kindLabel: string;
  /** `to …` for a sent message, `from … to …` for a customer's reply. */
  route: string;
  sentAtIso: string;
  sentAtText: string;
  body: string;
  link: string;
  isWebLink: boolean;
}

// Lookups fall back to the raw kind, because the outbox file may hold entries written by a newer version.
const KIND_LABELS: Partial<Record<string, string>> = { sms: 'SMS', notification: 'Notification', inbound: 'Reply' };

const renderBody = compileFragment<{ items: OutboxItem[] }>(`<h1>SMS outbox</h1>
<p class="muted">This page only exists on the local stack, which records messages here instead of sending them. Customer replies simulated with <code>npx starling reply</code> appear here too. Reload the page to see new messages.</p>
<% if (it.items.length === 0) { %>
<p>No messages yet. Run <code>npx starling invite</code> to send invitations.</p>
<% } else { %>
<ol class="outbox">
<% for (const item of it.items) { %>
  <li class="message">
    <p class="message-meta"><span class="kind"><%= item.kindLabel %></span> <%= item.route %>, <% if (item.sentAtIso) { %><time datetime="<%= item.sentAtIso %>"><%= item.sentAtText %></time><% } else { %><%= item.sentAtText %><% } %></p>
    <p class="message-body"><%= item.body %></p>
<% if (item.isWebLink) { %>
    <p class="message-link"><a href="<%= item.link %>"><%= item.link %></a></p>
<% } else if (item.link) { %>
    <p class="message-link"><%= item.link %></p>
<% } %>
  </li>
<% } %>
</ol>
<% } %>
`);

/** Renders the local developer page that lists recorded messages, newest first. */
export function renderOutboxPage(entries: OutboxEntry[]): string {
  const items = sortNewestFirst(entries).map(toItem);

  return renderLayout({ title: 'SMS outbox', body: renderBody({ items }) });
}

/**
 * Sorts by `sentAt`, newest first, without changing the input. Entries with the same time keep
 * the later-recorded one first, and entries whose time does not parse go last.
 */
function sortNewestFirst(entries: OutboxEntry[]): OutboxEntry[] {
  const keyed = entries.map((entry, index) => ({ entry, index, time: parseTime(entry.sentAt) ?? -Infinity }));

  keyed.sort((a, b) => {
    if (a.time !== b.time) {
      return a.time < b.time ? 1 : -1;
    }

    return b.index - a.index;
  });

  return keyed.map((keyedEntry) => keyedEntry.entry);
}

function toItem(entry: OutboxEntry): OutboxItem {
  const time = parseTime(entry.sentAt);
  const sentAtIso = time === undefined ? '' : new Date(time).toISOString();
  const link = entry.link ?? '';

  return {
    kindLabel: KIND_LABELS[entry.kind] ?? entry.kind,
    route: entry.kind === 'inbound' ? `from ${entry.from ?? 'unknown number'} to ${entry.to}` : `to ${entry.to}`,
    sentAtIso,
    sentAtText: sentAtIso ? `${sentAtIso.slice(0, 10)} ${sentAtIso.slice(11, 19)} UTC` : entry.sentAt,
    body: entry.body,
    link,
    isWebLink: isWebLink(link),
  };
}

function parseTime(sentAt: string): number | undefined {
  const time = Date.parse(sentAt);

  return Number.isNaN(time) ? undefined : time;
}

// Only http(s) links become anchors, so a `javascript:` or `data:` link recorded by mistake
// cannot run anything when a developer clicks it.
function isWebLink(link: string): boolean {
  if (!/^https?:\/\//i.test(link)) {
    return false;
  }

  return URL.canParse(link);
}
