/**
 * The invitation SMS: its configurable template, rendering, and length estimate. The encoding and
 * segment arithmetic lives in `sms-encoding.ts` and is re-exported here, so callers import one module.
 */
import { ConfigError } from './errors.ts';
import { analyzeSms } from './sms-encoding.ts';
import type { SmsAnalysis } from './sms-encoding.ts';

export { analyzeSms, isGsm7 } from './sms-encoding.ts';
export type { SmsAnalysis, SmsEncoding } from './sms-encoding.ts';

/** The invitation SMS sent when the business configures no template of its own. */
export const DEFAULT_SMS_TEMPLATE = 'Hi {firstName}, {business} would love your feedback: {link} Reply STOP to opt out.';

export const SMS_PLACEHOLDERS = ['firstName', 'business', 'link'] as const;

export type SmsPlaceholder = (typeof SMS_PLACEHOLDERS)[number];

/** A piece of a parsed template, either literal text or a placeholder filled at render time. */
export type SmsTemplatePart = { kind: 'text'; text: string } | { kind: 'placeholder'; name: SmsPlaceholder };

/** A validated SMS template, as built by `parseSmsTemplate`. */
export interface SmsTemplate {
  /** The template text as configured. */
  readonly source: string;
  readonly parts: readonly SmsTemplatePart[];
}

export interface SmsValues {
  /** Name to greet the customer by. A blank name is left out of the message as `renderSms` describes. */
  firstName: string;
  business: string;
  link: string;
}

// A complete `{...}` group, or a brace that has no partner.
const BRACE_PATTERN = /\{([^{}]*)\}|[{}]/g;

// The opt-out keyword as a whole word, matched case-sensitively so the instruction shows it in capitals.
const OPT_OUT_PATTERN = /\bSTOP\b/;

const ALLOWED_PLACEHOLDERS = '{firstName}, {business} and {link}';

/**
 * Parses and validates an SMS template. Braces may only surround `{firstName}`, `{business}` or
 * `{link}`, `{link}` must appear exactly once, and the text must contain the word STOP as an
 * opt-out instruction. Throws `ConfigError` naming the problem and quoting the template. `label`
 * names the template in that message, for example the environment variable it came from.
 */
export function parseSmsTemplate(template: string, label = 'SMS template'): SmsTemplate {
  const errorPrefix = `invalid ${label} "${template}"`;
  const parts: SmsTemplatePart[] = [];
  let textStart = 0;

  for (const match of template.matchAll(BRACE_PATTERN)) {
    const name = match[1];
    if (name === undefined) {
      throw new ConfigError(
        `${errorPrefix}: unmatched "${match[0]}" at character ${match.index + 1}. ` +
          `Braces may only surround the placeholders ${ALLOWED_PLACEHOLDERS}.`,
      );
    }
    if (!isPlaceholder(name)) {
      throw new ConfigError(
        `${errorPrefix}: unknown placeholder "{${name}}". ` +
          `The allowed placeholders are ${ALLOWED_PLACEHOLDERS}.`,
      );
    }

    if (match.index > textStart) {
      parts.push({ kind: 'text', text: template.slice(textStart, match.index) });
    }
    parts.push({ kind: 'placeholder', name });
    textStart = match.index + match[0].length;
  }

  if (textStart < template.length) {
    parts.push({ kind: 'text', text: template.slice(textStart) });
  }

  checkLinkCount(errorPrefix, parts);
  checkOptOut(errorPrefix, template);
  return { source: template, parts };
}

/**
 * Fills the template with `values`, inserted literally, so a value that contains `{link}` stays as
 * written. A blank first name is dropped together with one space before it, so "Hi {firstName}, …"
 * reads "Hi, …". With no space before it, as at the start of the text, a comma and one space after
 * it are dropped instead.
 */
export function renderSms(template: SmsTemplate, values: SmsValues): string {
  const omitFirstName = values.firstName.trim() === '';
  const pieces: string[] = [];
  let dropLeadingSeparator = false;

  for (const [index, part] of template.parts.entries()) {
    if (part.kind === 'text') {
      pieces.push(dropLeadingSeparator ? part.text.replace(/^,? ?/, '') : part.text);
      dropLeadingSeparator = false;
      continue;
    }

    if (part.name !== 'firstName' || !omitFirstName) {
      pieces.push(values[part.name]);
      dropLeadingSeparator = false;
      continue;
    }

    // Drop the space before the blank name, or else the comma and space after it.
    const previousPiece = pieces.at(-1);
    if (template.parts[index - 1]?.kind === 'text' && previousPiece?.endsWith(' ')) {
      pieces[pieces.length - 1] = previousPiece.slice(0, -1);
    } else {
      dropLeadingSeparator = true;
    }
  }

  return pieces.join('');
}

/**
 * Analyzes the SMS that `template` renders for a sample customer and a link of `linkLength`
 * characters, so a run can warn before sending when the message needs more than one part.
 * NOTE: the sample link uses only GSM basic characters, as signed review links do. A base URL with
 * `~` or another extension character makes the real message 1 unit longer per such character.
 */
export function estimateSmsLength(
  template: SmsTemplate,
  sample: { firstName: string; business: string; linkLength: number },
): SmsAnalysis {
  if (!Number.isInteger(sample.linkLength) || sample.linkLength < 0) {
    throw new RangeError(`linkLength must be a whole number of characters, got ${sample.linkLength}`);
  }

  const link = 'x'.repeat(sample.linkLength);
  return analyzeSms(renderSms(template, { firstName: sample.firstName, business: sample.business, link }));
}

function isPlaceholder(name: string): name is SmsPlaceholder {
  return (SMS_PLACEHOLDERS as readonly string[]).includes(name);
}

function checkLinkCount(errorPrefix: string, parts: readonly SmsTemplatePart[]): void {
  const linkCount = parts.filter((part) => part.kind === 'placeholder' && part.name === 'link').length;
  if (linkCount === 0) {
    throw new ConfigError(`${errorPrefix}: missing the {link} placeholder. Add {link} where the review link belongs.`);
  }
  if (linkCount > 1) {
    throw new ConfigError(`${errorPrefix}: {link} appears ${linkCount} times but must appear exactly once.`);
  }
}

function checkOptOut(errorPrefix: string, template: string): void {
  if (!OPT_OUT_PATTERN.test(template)) {
    throw new ConfigError(
      `${errorPrefix}: missing an opt-out instruction with the word STOP in capitals, ` +
        'such as "Reply STOP to opt out." Carriers, following the CTIA Messaging Principles and Best ' +
        'Practices, require business SMS to tell recipients how to opt out.',
    );
  }
}
