import { describe, expect, it } from 'vitest';
import type { WeekStats } from '../../src/core/admin/stats.ts';
import { escapeXml, renderDistributionChart, renderWeeklyChart } from '../../src/http/admin/pages/charts.ts';

type Attributes = Record<string, string>;

/** Returns the attributes of every `name` element, in document order. */
function elements(svg: string, name: string): Attributes[] {
  return [...svg.matchAll(new RegExp(`<${name}\\b([^>]*?)/?>`, 'g'))].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map((attribute) => [attribute[1], attribute[2]])),
  );
}

/** Returns the text content of every `<text>` element. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((match) => match[1] ?? '');
}

function widthOfStars(svg: string, stars: number): number {
  return Number(elements(svg, 'rect').find((rect) => rect['data-stars'] === String(stars))?.width);
}

function weeks(values: Array<[string, number, number]>): WeekStats[] {
  return values.map(([weekStart, reviews, invitationsSent]) => ({ weekStart, reviews, invitationsSent, averageRating: reviews ? 4 : null }));
}

const WEEKLY = weeks([
  ['2026-11-16', 2, 10],
  ['2026-11-23', 0, 4],
  ['2026-11-30', 8, 12],
]);

const CHARTS: Array<[string, string]> = [
  ['distribution', renderDistributionChart([1, 0, 2, 3, 4], 'ratings')],
  ['empty distribution', renderDistributionChart([0, 0, 0, 0, 0], 'ratings')],
  ['weekly', renderWeeklyChart(WEEKLY, 'weekly')],
  ['empty weekly', renderWeeklyChart(weeks([['2026-11-30', 0, 0]]), 'weekly')],
  ['weekly without weeks', renderWeeklyChart([], 'weekly')],
];

describe('charts', () => {
  it.each(CHARTS)('%s chart has no style, script or NaN', (_name, svg) => {
    // Assess
    expect(svg).not.toMatch(/style=/i);
    expect(svg).not.toMatch(/<style/i);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/\bon[a-z]+=/i);
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
  });

  it.each(CHARTS)('%s chart is a labeled, scalable image', (_name, svg) => {
    // Prepare
    const [root] = elements(svg, 'svg');
    const [titleId, descId] = (root?.['aria-labelledby'] ?? '').split(' ');

    // Assess
    expect(root?.role).toBe('img');
    expect(root?.width).toBe('100%');
    expect(root?.viewBox).toMatch(/^0 0 \d+ \d+$/);
    expect(root?.['font-family']).toBe('inherit');
    expect(svg).toContain(`<title id="${titleId}">`);
    expect(svg).toContain(`<desc id="${descId}">`);
    expect(svg.match(/ id="/g)).toHaveLength(2);
  });

  it('gives two charts distinct ids', () => {
    // Act
    const first = renderWeeklyChart(WEEKLY, 'first');
    const second = renderWeeklyChart(WEEKLY, 'second');

    // Assess
    expect(elements(first, 'svg')[0]?.['aria-labelledby']).toBe('first-title first-desc');
    expect(elements(second, 'svg')[0]?.['aria-labelledby']).toBe('second-title second-desc');
  });

  it('rejects an id prefix that is not one token', () => {
    // Act
    const render = () => renderDistributionChart([1, 1, 1, 1, 1], 'two words"');

    // Assess
    expect(render).toThrow(RangeError);
  });

  it('escapes the five XML characters', () => {
    // Assess
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('renderDistributionChart', () => {
  it('draws bars proportional to the counts', () => {
    // Act
    const svg = renderDistributionChart([1, 0, 2, 3, 4], 'ratings');

    // Assess
    expect(widthOfStars(svg, 5)).toBe(128);
    expect(widthOfStars(svg, 4)).toBe(96);
    expect(widthOfStars(svg, 3)).toBe(64);
    expect(widthOfStars(svg, 2)).toBe(0);
    expect(widthOfStars(svg, 1)).toBe(32);
  });

  it('writes counts and percentages as text', () => {
    // Act
    const svg = renderDistributionChart([1, 0, 2, 3, 4], 'ratings');

    // Assess
    expect(texts(svg)).toEqual(['5 ★', '4 (40%)', '4 ★', '3 (30%)', '3 ★', '2 (20%)', '2 ★', '0 (0%)', '1 ★', '1 (10%)']);
  });

  it('summarizes the ratings in its description', () => {
    // Act
    const svg = renderDistributionChart([1, 0, 2, 3, 4], 'ratings');

    // Assess
    expect(svg).toContain('<desc id="ratings-desc">Ratings of 10 reviews. 5 stars: 4 (40%). 4 stars: 3 (30%). 3 stars: 2 (20%). 2 stars: 0 (0%). 1 star: 1 (10%).</desc>');
  });

  it('says no reviews yet without data', () => {
    // Act
    const svg = renderDistributionChart([0, 0, 0, 0, 0], 'ratings');

    // Assess
    expect(texts(svg)).toEqual(['No reviews yet']);
    expect(elements(svg, 'rect')).toHaveLength(0);
  });
});

describe('renderWeeklyChart', () => {
  it('draws bar heights proportional to reviews', () => {
    // Act
    const svg = renderWeeklyChart(WEEKLY, 'weekly');
    const heights = elements(svg, 'rect').filter((rect) => rect['data-week']).map((rect) => Number(rect.height));

    // Assess
    expect(heights).toHaveLength(3);
    expect(heights[1]).toBe(0);
    expect((heights[2] ?? 0) / (heights[0] ?? 1)).toBeCloseTo(4);
  });

  it('labels weeks and axis values', () => {
    // Act
    const labels = texts(renderWeeklyChart(WEEKLY, 'weekly'));

    // Assess
    expect(labels).toEqual(expect.arrayContaining(['Nov 16', 'Nov 23', 'Nov 30', 'Reviews', 'Invitations sent']));
    expect(labels).toEqual(expect.arrayContaining(['0', '5', '10', '15']));
  });

  it('draws one line point per week', () => {
    // Act
    const svg = renderWeeklyChart(WEEKLY, 'weekly');
    const [line] = elements(svg, 'polyline');

    // Assess
    expect(line?.points?.split(' ')).toHaveLength(3);
    expect(line?.['stroke-dasharray']).toBe('6 4');
  });

  it('thins labels of many weeks', () => {
    // Prepare
    const many = Array.from({ length: 52 }, (_, index) => ({ weekStart: new Date(Date.UTC(2025, 11, 8 + index * 7)).toISOString().slice(0, 10), reviews: 1, invitationsSent: 2, averageRating: 5 }));

    // Act
    const labels = texts(renderWeeklyChart(many, 'weekly')).filter((label) => /^[A-Z][a-z]{2} \d+$/.test(label));

    // Assess
    expect(labels).toHaveLength(6);
    expect(labels.at(-1)).toBe('Nov 30');
  });

  it('summarizes every week in its description', () => {
    // Act
    const svg = renderWeeklyChart(WEEKLY, 'weekly');

    // Assess
    expect(svg).toContain('from the week of Nov 16, 2026 to the week of Nov 30, 2026.');
    expect(svg).toContain('Week of Nov 23: 0 reviews, 4 invitations sent.');
    expect(svg).toContain('Week of Nov 30: 8 reviews, 12 invitations sent.');
  });

  it('escapes week labels', () => {
    // Act
    const svg = renderWeeklyChart(weeks([['2026-<b>-02', 1, 1]]), 'weekly');

    // Assess
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt; 2');
  });

  it('draws invitations without reviews', () => {
    // Act
    const svg = renderWeeklyChart(weeks([['2026-11-30', 0, 3]]), 'weekly');

    // Assess
    expect(svg).not.toContain('NaN');
    expect(elements(svg, 'polyline')).toHaveLength(1);
  });

  it('says no reviews yet without data', () => {
    // Act
    const svg = renderWeeklyChart(weeks([['2026-11-30', 0, 0]]), 'weekly');

    // Assess
    expect(texts(svg)).toEqual(['No reviews yet']);
  });
});
