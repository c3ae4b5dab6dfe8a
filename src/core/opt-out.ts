import { describeError, maskPhone } from './masking.ts';
import type { Clock, CustomerStore, Logger, SmsSender } from './ports.ts';
import { analyzeSms } from './sms-encoding.ts';

/**
 * The keywords that Amazon SNS treats as an opt-out, as listed under "Opting out of receiving SMS
 * messages" in https://docs.aws.amazon.com/sns/latest/dg/sms_manage.html.
 */
export const OPT_OUT_KEYWORDS = ['ARRET', 'CANCEL', 'END', 'OPT-OUT', 'OPTOUT', 'QUIT', 'REMOVE', 'STOP', 'TD', 'UNSUBSCRIBE'] as const;

/**
 * The keywords that ask for help. US carriers require a reply to HELP, and Twilio's short code
 * compliance FAQ lists INFO as the other word that customers send for it.
 */
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

export type InboundSmsClassification = 'optOut' | 'help' | 'other';

const OPT_OUT_SET = new Set<string>(OPT_OUT_KEYWORDS);
const HELP_SET = new Set<string>(HELP_KEYWORDS);

/**
 * Classifies a customer's SMS by its first word, compared case-insensitively with accents and
 * surrounding punctuation removed: `" stop! "`, `"Stop."`, `"opt-out"` and `"stop texting me"`
 * are opt-outs, while `"don't stop"` is not. The rule follows AWS, which documents that it acts on
 * "a message that begins with a keyword" (https://docs.aws.amazon.com/sms-voice/latest/userguide/keywords.html).
 * The cost is that a reply such as "Cancel my order" opts out too.
 */
export function classifyInboundSms(body: string): InboundSmsClassification {
  const word = firstWord(body);
  if (word === undefined) {
    return 'other';
  }

  if (OPT_OUT_SET.has(word)) {
    return 'optOut';
  }

  return HELP_SET.has(word) ? 'help' : 'other';
}

/**
 * Returns the first word in upper case, or `undefined` when the text has no letters or digits.
 * Compatibility decomposition turns full-width letters into ASCII and splits accents off, so
 * `ARRÊT` matches `ARRET`. Any dash joins words, so `opt–out` typed with an en dash matches too.
 */
function firstWord(text: string): string | undefined {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\p{Pd}/gu, '-').toUpperCase();
  return /^[^\p{L}\p{N}]*([\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*)/u.exec(folded)?.[1];
}

export interface InboundSmsDeps {
  customers: CustomerStore;
  sms: SmsSender;
  clock: Clock;
  logger: Logger;
}

export interface InboundSms {
  /** The customer's phone number in E.164, the `originationNumber` of the SNS payload. */
  from: string;
  body: string;
}

export interface InboundSmsSettings {
  businessName: string;
  /** The full help reply. Without it, Starling composes one that names the business. */
  helpText?: string;
}

export type InboundSmsResult =
  | { outcome: 'optedOut'; customerId: string }
  | { outcome: 'alreadyOptedOut'; customerId: string; optedOutAt?: string }
  | { outcome: 'unknownNumber' }
  | { outcome: 'helpSent'; messageId: string }
  | { outcome: 'helpFailed' }
  | { outcome: 'ignored' };

/**
 * Acts on one SMS from a customer. An opt-out keyword marks the customer with that phone opted
 * out of all SMS. HELP or INFO gets the help reply, whether or not the number belongs to a
 * customer. Any other text is only logged. Logs carry the masked phone, the classification and
 * the body's length, never the body. Throws only when the customer store fails, so the caller
 * can retry the message.
 */
// NOTE: Starling sends no opt-out confirmation. AWS sends one for numbers whose opt-outs it
// manages, but with self-managed opt-outs carriers expect the sender to confirm.
export async function handleInboundSms(deps: InboundSmsDeps, message: InboundSms, settings: InboundSmsSettings): Promise<InboundSmsResult> {
  const classification = classifyInboundSms(message.body);
  const fields = { phone: maskPhone(message.from), classification, length: message.body.length };

  switch (classification) {
    case 'optOut':
      return optOut(deps, message.from, fields);
    case 'help':
      return sendHelpReply(deps, message.from, settings, fields);
    case 'other':
      deps.logger.info('inbound SMS ignored: not a keyword', fields);
      return { outcome: 'ignored' };
  }
}

async function optOut(deps: InboundSmsDeps, phone: string, fields: Record<string, unknown>): Promise<InboundSmsResult> {
  const customer = await deps.customers.findByPhone(phone);
  if (!customer) {
    deps.logger.warn('opt-out from a number that belongs to no customer, so nothing changed', fields);
    return { outcome: 'unknownNumber' };
  }

  // The first opt-out time is kept, so a repeated STOP does not move it.
  if (customer.optedOut) {
    deps.logger.info('customer already opted out', { ...fields, customerId: customer.customerId, optedOutAt: customer.optedOutAt });
    return { outcome: 'alreadyOptedOut', customerId: customer.customerId, optedOutAt: customer.optedOutAt };
  }

  const marked = await deps.customers.markOptedOut(customer.customerId, deps.clock.now().toISOString());
  if (!marked) {
    deps.logger.warn('customer was deleted before the opt-out was stored, so nothing changed', { ...fields, customerId: customer.customerId });
    return { outcome: 'unknownNumber' };
  }

  deps.logger.info('customer opted out of SMS', { ...fields, customerId: customer.customerId });
  return { outcome: 'optedOut', customerId: customer.customerId };
}

async function sendHelpReply(deps: InboundSmsDeps, phone: string, settings: InboundSmsSettings, fields: Record<string, unknown>): Promise<InboundSmsResult> {
  try {
    const { messageId } = await deps.sms.send({ phoneNumber: phone, body: composeHelpReply(settings) });
    deps.logger.info('help reply sent', { ...fields, messageId });
    return { outcome: 'helpSent', messageId };
  } catch (error) {
    // Not re-thrown, so a failed reply never makes Lambda retry the message. The customer can send HELP again.
    deps.logger.error('failed to send help reply', { ...fields, error: describeError(error) });
    return { outcome: 'helpFailed' };
  }
}

/**
 * Returns the help reply: `settings.helpText` when set, otherwise a reply naming the business. A
 * shorter reply replaces the full one when a long business name, or one with characters outside
 * GSM-7, would push the full one past one SMS segment. The short reply may still need several.
 */
export function composeHelpReply(settings: InboundSmsSettings): string {
  if (settings.helpText) {
    return settings.helpText;
  }

  const name = settings.businessName;
  const full = `${name}: we text you a link to review your recent visit. Msg frequency varies. Reply STOP to opt out.`;
  const short = `${name}: review invitations. Reply STOP to opt out.`;

  return analyzeSms(full).segments === 1 ? full : short;
}
