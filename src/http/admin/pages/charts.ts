import type { AdminStats, WeekStats } from '../../../core/admin/stats.ts';
import { formatPercent } from '../../../core/admin/stats.ts';
import type { HtmlFragment } from '../../pages/layout.ts';

// Server-rendered SVG charts for the admin dashboard. The admin pages' Content-Security-Policy allows
// neither `style` attributes nor scripts, so every look comes from presentation attributes. Each
// chart is `role="img"` and named by its own `<title>` and `<desc>`, and the desc states the data in
// words for screen readers. Colors have at least 4.5:1 contrast on white, the WCAG AA level for text.

const COLOR = { bar: '#0f5f5c', text: '#1f2328', muted: '#57606a', grid: '#d0d7de' } as const;

/** An id prefix must be one token, because `aria-labelledby` splits its value on spaces. */
const ID_PREFIX = /^[A-Za-z][A-Za-z0-9_-]*$/;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type Attributes = Record<string, string | number>;

/**
 * Renders horizontal bars for 5 stars down to 1 star. Each bar's length is its share of all reviews,
 * drawn over a light track that shows 100%, with the count and percentage written beside it.
 * `idPrefix` must be unique on the page. Throws `RangeError` when it is not a single id token.
 */
export function renderDistributionChart(distribution: AdminStats['reviews']['distribution'], idPrefix = 'ratings-chart'): HtmlFragment {
  const total = distribution.reduce((sum, count) => sum + count, 0);
  const rows = [5, 4, 3, 2, 1].map((stars) => ({ stars, count: distribution[stars - 1] ?? 0 }));
  if (total === 0) {
    return renderEmpty(idPrefix, 'Ratings', 'No reviews yet, so there are no ratings to show.', 480);
  }

  const rowHeight = 32;
  const barX = 48;
  const barMaxWidth = 320;
  const parts = rows.map((row, index) => {
    const y = 8 + index * rowHeight;
    const width = (row.count / total) * barMaxWidth;
    return [
      text(barX - 8, y + rowHeight / 2, `${row.stars} ★`, { 'text-anchor': 'end', fill: COLOR.text }),
      element('rect', { x: barX, y: y + 6, width: barMaxWidth, height: 20, fill: COLOR.grid }),
      element('rect', { x: barX, y: y + 6, width: round(width), height: 20, fill: COLOR.bar, 'data-stars': row.stars }),
      text(barX + barMaxWidth + 8, y + rowHeight / 2, `${row.count} (${formatPercent(row.count / total)})`, { fill: COLOR.text }),
    ].join('');
  });

  const summary = rows.map((row) => `${starsLabel(row.stars)}: ${row.count} (${formatPercent(row.count / total)}).`);
  const description = [`Ratings of ${plural(total, 'review')}.`, ...summary].join(' ');

  return svg(idPrefix, 480, 16 + rows.length * rowHeight, 'Ratings', description, parts.join(''));
}

/**
 * Renders one bar of reviews per week and a dashed line of first invitations sent, on a shared
 * axis, with week labels such as "Nov 30". With more than six weeks only every n-th week is labeled,
 * counted back from the latest. `idPrefix` must be unique on the page.
 */
export function renderWeeklyChart(weekly: readonly WeekStats[], idPrefix = 'weekly-chart'): HtmlFragment {
  const title = 'Reviews and invitations per week';
  const peak = Math.max(0, ...weekly.map((week) => Math.max(week.reviews, week.invitationsSent)));
  if (peak === 0) {
    return renderEmpty(idPrefix, title, 'No reviews yet, and no invitations sent in these weeks.', 480);
  }

  const plot = { left: 44, right: 472, top: 40, bottom: 248 };
  const slot = (plot.right - plot.left) / weekly.length;
  const scale = niceScale(peak);
  const yOf = (value: number) => plot.bottom - (value / scale.top) * (plot.bottom - plot.top);
  const centerOf = (index: number) => plot.left + (index + 0.5) * slot;

  const grid = scale.ticks.map((tick) =>
    element('line', { x1: plot.left, x2: plot.right, y1: round(yOf(tick)), y2: round(yOf(tick)), stroke: COLOR.grid }) +
    text(plot.left - 6, yOf(tick), String(tick), { 'text-anchor': 'end', fill: COLOR.muted }),
  );

  const barWidth = Math.min(slot * 0.6, 40);
  const bars = weekly.map((week, index) =>
    element('rect', { x: round(centerOf(index) - barWidth / 2), y: round(yOf(week.reviews)), width: round(barWidth), height: round(plot.bottom - yOf(week.reviews)), fill: COLOR.bar, 'data-week': week.weekStart }),
  );

  const points = weekly.map((week, index) => ({ x: round(centerOf(index)), y: round(yOf(week.invitationsSent)) }));
  const line = element('polyline', { points: points.map(({ x, y }) => `${x},${y}`).join(' '), fill: 'none', stroke: COLOR.muted, 'stroke-width': 2, 'stroke-dasharray': '6 4' });
  const markers = points.map(({ x, y }) => element('circle', { cx: x, cy: y, r: 3, fill: COLOR.muted }));

  // At most six labels, so they stay apart and readable when a phone scales the chart down.
  const labelEvery = Math.ceil(weekly.length / 6);
  const labels = weekly.map((week, index) => {
    const labeled = (weekly.length - 1 - index) % labelEvery === 0;
    return labeled ? text(centerOf(index), plot.bottom + 18, shortDay(week.weekStart), { 'text-anchor': 'middle', fill: COLOR.muted }) : '';
  });

  const axis = element('line', { x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom, stroke: COLOR.muted });
  const body = [legend(plot.left), ...grid, ...bars, line, ...markers, axis, ...labels].join('');

  return svg(idPrefix, 480, 280, title, describeWeeks(weekly), body);
}

function legend(x: number): string {
  return [
    element('rect', { x, y: 10, width: 12, height: 12, fill: COLOR.bar }),
    text(x + 18, 16, 'Reviews', { fill: COLOR.text }),
    element('line', { x1: x + 96, x2: x + 120, y1: 16, y2: 16, stroke: COLOR.muted, 'stroke-width': 2, 'stroke-dasharray': '6 4' }),
    element('circle', { cx: x + 108, cy: 16, r: 3, fill: COLOR.muted }),
    text(x + 126, 16, 'Invitations sent', { fill: COLOR.text }),
  ].join('');
}

function describeWeeks(weekly: readonly WeekStats[]): string {
  const first = weekly[0];
  const last = weekly[weekly.length - 1];
  const range = first && last ? ` from the week of ${longDay(first.weekStart)} to the week of ${longDay(last.weekStart)}` : '';
  const weeks = weekly.map((week) => `Week of ${shortDay(week.weekStart)}: ${plural(week.reviews, 'review')}, ${plural(week.invitationsSent, 'invitation')} sent.`);

  return [`Reviews and first invitations sent per week, weeks starting Monday,${range}.`, ...weeks].join(' ');
}

/**
 * Picks a round axis maximum of at most about five steps of 1, 2 or 5 times a power of ten.
 * Steps are whole numbers, because the chart counts things.
 */
function niceScale(peak: number): { top: number; ticks: number[] } {
  const rough = peak / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, ([1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude));
  const top = Math.ceil(peak / step) * step;

  return { top, ticks: Array.from({ length: top / step + 1 }, (_, index) => index * step) };
}

function renderEmpty(idPrefix: string, title: string, description: string, width: number): HtmlFragment {
  const message = text(width / 2, 32, 'No reviews yet', { 'text-anchor': 'middle', fill: COLOR.muted });

  return svg(idPrefix, width, 64, title, description, message);
}

function svg(idPrefix: string, width: number, height: number, title: string, description: string, body: string): HtmlFragment {
  if (!ID_PREFIX.test(idPrefix)) {
    throw new RangeError(`invalid chart id prefix ${JSON.stringify(idPrefix)}: expected a letter, then letters, digits, "-" or "_"`);
  }

  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  const attributes = { xmlns: 'http://www.w3.org/2000/svg', width: '100%', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, 'font-family': 'inherit', 'font-size': 12 };

  return element('svg', attributes, element('title', { id: titleId }, escapeXml(title)) + element('desc', { id: descId }, escapeXml(description)) + body) as HtmlFragment;
}

/** Builds a text element centered vertically on `y`. */
function text(x: number, y: number, content: string, attributes: Attributes): string {
  return element('text', { x: round(x), y: round(y), 'dominant-baseline': 'central', ...attributes }, escapeXml(content));
}

/** Builds one element. `children` must already be escaped markup, but attribute values are escaped here. */
function element(name: string, attributes: Attributes, children?: string): string {
  const attributeText = Object.entries(attributes).map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`).join('');

  return children === undefined ? `<${name}${attributeText}/>` : `<${name}${attributeText}>${children}</${name}>`;
}

/** Escapes the five characters that XML and HTML give meaning to, for text and quoted attributes. */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Rounds a coordinate to two decimals, which is finer than any screen shows and keeps the markup short. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function shortDay(day: string): string {
  const [, month, date] = day.split('-');
  return `${MONTHS[Number(month) - 1] ?? month} ${Number(date)}`;
}

function longDay(day: string): string {
  return `${shortDay(day)}, ${day.slice(0, 4)}`;
}

function starsLabel(stars: number): string {
  return stars === 1 ? '1 star' : `${stars} stars`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
