import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { analyzeSms, DEFAULT_SMS_TEMPLATE, estimateSmsLength, parseSmsTemplate, renderSms } from '../../src/core/sms-text.ts';

const BUSINESS = 'Starling Demo Shop';
const BASE_URL = 'https://demo.shop.com';
const TOKEN = 'AgEjRWeJq83vASNFZ4mrze9n0kq8pW1zXv3q7Qh3bNc2Rfxy9A';
const LINK = `${BASE_URL}/review?token=${TOKEN}`;
const VALUES = { firstName: 'Maya', business: BUSINESS, link: LINK };

describe('parseSmsTemplate', () => {
  it('accepts default template', () => {
    // Act
    const template = parseSmsTemplate(DEFAULT_SMS_TEMPLATE);

    // Assess
    expect(template.source).toBe(DEFAULT_SMS_TEMPLATE);
    expect(template.parts).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'placeholder', name: 'firstName' },
      { kind: 'text', text: ', ' },
      { kind: 'placeholder', name: 'business' },
      { kind: 'text', text: ' would love your feedback: ' },
      { kind: 'placeholder', name: 'link' },
      { kind: 'text', text: ' Reply STOP to opt out.' },
    ]);
  });

  it('accepts repeated business placeholder', () => {
    // Act
    const template = parseSmsTemplate('{business}: review {business} at {link}. Text STOP to opt out');

    // Assess
    expect(template.parts.filter((part) => part.kind === 'placeholder')).toHaveLength(3);
  });

  describe('unknown placeholder', () => {
    const parse = () => parseSmsTemplate('Hi {first_name}, review us: {link} Reply STOP to opt out.');

    it('throws ConfigError', () => {
      // Assess
      expect(parse).toThrow(ConfigError);
    });

    it('names the placeholder', () => {
      // Assess
      expect(parse).toThrow('unknown placeholder "{first_name}"');
    });

    it('lists allowed placeholders', () => {
      // Assess
      expect(parse).toThrow('The allowed placeholders are {firstName}, {business} and {link}.');
    });

    it('quotes the template', () => {
      // Assess
      expect(parse).toThrow('invalid SMS template "Hi {first_name}, review us: {link} Reply STOP to opt out."');
    });
  });

  it('names template by label', () => {
    // Act
    const parse = () => parseSmsTemplate('Review us: {link}', 'STARLING_SMS_TEMPLATE');

    // Assess
    expect(parse).toThrow('invalid STARLING_SMS_TEMPLATE "Review us: {link}": missing an opt-out instruction');
  });

  it.each([
    { name: 'empty placeholder', template: 'Hi {}, {link} Reply STOP', placeholder: '{}' },
    { name: 'spaced placeholder', template: 'Hi { link }, {link} Reply STOP', placeholder: '{ link }' },
    { name: 'wrong case', template: 'Hi {FirstName}, {link} Reply STOP', placeholder: '{FirstName}' },
  ])('rejects $name', ({ template, placeholder }) => {
    // Assess
    expect(() => parseSmsTemplate(template)).toThrow(`unknown placeholder "${placeholder}"`);
  });

  it.each([
    { name: 'unclosed brace', template: 'Hi {firstName, {link} Reply STOP', message: 'unmatched "{" at character 4' },
    { name: 'stray closing brace', template: 'Hi } {link} Reply STOP', message: 'unmatched "}" at character 4' },
    { name: 'doubled braces', template: 'Hi {{firstName}} {link} Reply STOP', message: 'unmatched "{" at character 4' },
  ])('rejects $name', ({ template, message }) => {
    // Assess
    expect(() => parseSmsTemplate(template)).toThrow(message);
  });

  it('rejects missing link', () => {
    // Act
    const parse = () => parseSmsTemplate('Hi {firstName}, please review {business}. Reply STOP to opt out.');

    // Assess
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow('missing the {link} placeholder');
  });

  it('rejects two links', () => {
    // Act
    const parse = () => parseSmsTemplate('Review: {link} or {link} Reply STOP to opt out.');

    // Assess
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow('{link} appears 2 times but must appear exactly once');
  });

  describe('missing STOP', () => {
    const parse = () => parseSmsTemplate('Hi {firstName}, review {business}: {link}');

    it('throws ConfigError', () => {
      // Assess
      expect(parse).toThrow(ConfigError);
    });

    it('names the opt-out problem', () => {
      // Assess
      expect(parse).toThrow('missing an opt-out instruction with the word STOP');
    });

    it('explains carrier requirement', () => {
      // Assess
      expect(parse).toThrow('Carriers, following the CTIA Messaging Principles and Best Practices, require');
    });
  });

  it.each([
    { name: 'lower-case stop', template: 'Review: {link} Reply stop to opt out.' },
    { name: 'capitalized Stop', template: 'Review: {link} Reply Stop to opt out.' },
    { name: 'STOP inside word', template: 'Review: {link} Reply STOPPED to opt out.' },
  ])('rejects $name', ({ template }) => {
    // Assess
    expect(() => parseSmsTemplate(template)).toThrow('missing an opt-out instruction');
  });
});

describe('renderSms', () => {
  const defaultTemplate = parseSmsTemplate(DEFAULT_SMS_TEMPLATE);

  it('greets by first name', () => {
    // Act
    const message = renderSms(defaultTemplate, VALUES);

    // Assess
    expect(message).toBe(`Hi Maya, Starling Demo Shop would love your feedback: ${LINK} Reply STOP to opt out.`);
  });

  it.each([
    { name: 'empty', firstName: '' },
    { name: 'blank', firstName: '  ' },
  ])('greets without $name first name', ({ firstName }) => {
    // Act
    const message = renderSms(defaultTemplate, { ...VALUES, firstName });

    // Assess
    expect(message).toBe(`Hi, Starling Demo Shop would love your feedback: ${LINK} Reply STOP to opt out.`);
  });

  it.each([
    { template: 'Thanks {firstName} for visiting! {link} STOP to end', expected: 'Thanks for visiting! L STOP to end' },
    { template: 'Hello {firstName}! {link} STOP to end', expected: 'Hello! L STOP to end' },
    { template: '{firstName}, thanks! {link} STOP to end', expected: 'thanks! L STOP to end' },
    { template: '{firstName} thanks! {link} STOP to end', expected: 'thanks! L STOP to end' },
    { template: 'Hi {firstName}\n{link} STOP to end', expected: 'Hi\nL STOP to end' },
    { template: '{firstName}{business}, hi {link} STOP to end', expected: 'Starling Demo Shop, hi L STOP to end' },
  ])('drops blank name from "$template"', ({ template, expected }) => {
    // Act
    const message = renderSms(parseSmsTemplate(template), { firstName: '', business: BUSINESS, link: 'L' });

    // Assess
    expect(message).toBe(expected);
  });

  it('keeps link in business literal', () => {
    // Act
    const message = renderSms(defaultTemplate, { ...VALUES, business: 'The {link} Bar' });

    // Assess
    expect(message).toBe(`Hi Maya, The {link} Bar would love your feedback: ${LINK} Reply STOP to opt out.`);
  });

  it('keeps replacement patterns literal', () => {
    // Act
    const message = renderSms(defaultTemplate, { ...VALUES, firstName: "$&$'", business: '$1 Store' });

    // Assess
    expect(message).toBe(`Hi $&$', $1 Store would love your feedback: ${LINK} Reply STOP to opt out.`);
  });
});

describe('estimateSmsLength', () => {
  const defaultTemplate = parseSmsTemplate(DEFAULT_SMS_TEMPLATE);

  it('builds a 162-character default message', () => {
    // Assess
    expect(BASE_URL).toHaveLength(21);
    expect(TOKEN).toHaveLength(50);
    expect(renderSms(defaultTemplate, VALUES)).toHaveLength(162);
  });

  it('needs two GSM-7 segments for default', () => {
    // Act
    const analysis = estimateSmsLength(defaultTemplate, { firstName: 'Maya', business: BUSINESS, linkLength: LINK.length });

    // Assess
    expect(analysis).toEqual({ encoding: 'GSM-7', units: 162, segments: 2, perSegment: 153 });
  });

  it('matches analysis of real message', () => {
    // Act
    const estimate = estimateSmsLength(defaultTemplate, { firstName: 'Maya', business: BUSINESS, linkLength: LINK.length });

    // Assess
    expect(estimate).toEqual(analyzeSms(renderSms(defaultTemplate, VALUES)));
  });

  it('fits one segment with shorter link', () => {
    // Act
    const analysis = estimateSmsLength(defaultTemplate, { firstName: 'Maya', business: BUSINESS, linkLength: LINK.length - 2 });

    // Assess
    expect(analysis.segments).toBe(1);
  });

  it('reports UCS-2 for accented name', () => {
    // Act
    const analysis = estimateSmsLength(defaultTemplate, { firstName: 'François', business: BUSINESS, linkLength: 20 });

    // Assess
    expect(analysis.encoding).toBe('UCS-2');
  });

  it.each([-1, 2.5, Number.NaN])('rejects link length %s', (linkLength) => {
    // Act
    const estimate = () => estimateSmsLength(defaultTemplate, { firstName: 'Maya', business: BUSINESS, linkLength });

    // Assess
    expect(estimate).toThrow(RangeError);
  });
});
