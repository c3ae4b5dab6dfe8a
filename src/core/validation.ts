import { ValidationError } from './errors.ts';
import { MAX_RATING, MAX_REVIEW_TEXT_LENGTH, MIN_RATING } from './reviews.ts';

/** The fields of a review submission as they arrived: each one absent, one value, or repeated. */
export type SubmittedFields = Record<string, unknown>;

// Control characters other than tab and newline have no place in a review and can hide content.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

/** Accepts exactly one integer from 1 to 5, as a JSON number or as ASCII digits without sign or padding. */
export function parseRating(value: unknown): number {
  if (value === undefined || value === '') {
    throw new ValidationError('rating', 'Choose a rating from 1 to 5 stars.');
  }

  if (typeof value === 'number' && Number.isInteger(value) && value >= MIN_RATING && value <= MAX_RATING) {
    return value;
  }

  if (typeof value === 'string' && /^[1-5]$/.test(value)) {
    return Number(value);
  }

  throw new ValidationError('rating', `Rating must be a whole number from ${MIN_RATING} to ${MAX_RATING}, got ${describe(value)}.`);
}

/**
 * Normalizes the optional review text: line breaks become `\n`, the ends are trimmed, and the
 * length is counted in Unicode code points, so an emoji counts as one character.
 */
export function parseReviewText(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }

  if (typeof value !== 'string') {
    throw new ValidationError('text', `Text must be a string, got ${describe(value)}.`);
  }

  const text = value.replace(/\r\n?/g, '\n').trim();
  if (FORBIDDEN_CONTROL_CHARACTERS.test(text)) {
    throw new ValidationError('text', 'Text contains control characters. Only letters, digits, symbols, tabs and line breaks are allowed.');
  }

  const length = [...text].length;
  if (length > MAX_REVIEW_TEXT_LENGTH) {
    throw new ValidationError('text', `Text is ${length.toLocaleString('en-US')} characters long. Shorten it to ${MAX_REVIEW_TEXT_LENGTH.toLocaleString('en-US')} or fewer.`);
  }

  return text;
}

/** Reads a field that may appear at most once. Throws `ValidationError` for a repeated form field or a JSON list. */
export function readSingleField(fields: SubmittedFields, name: string): unknown {
  const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
  // Form parsing yields an array only for a repeated field, and JSON arrays are never valid here.
  if (Array.isArray(value)) {
    const problem = value.length === 1 ? 'a list' : `${value.length} values`;
    throw new ValidationError(name, `Field ${name} must be a single value, got ${problem}.`);
  }

  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    const excerpt = value.length > 20 ? `${value.slice(0, 20)}…` : value;
    return JSON.stringify(excerpt);
  }

  if (value === null || typeof value !== 'object') {
    return String(value);
  }

  if (Array.isArray(value)) {
    return 'a list';
  }

  // Values that describe themselves, such as a JSON number kept as its source text (`4.0`).
  return value.toString === Object.prototype.toString ? 'an object' : String(value);
}
