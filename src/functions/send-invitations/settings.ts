import type { Environment } from '../../config.ts';
import { businessName, businessTimeZone, integerVariable, invitationTtlDays, publicBaseUrl, rateVariable } from '../../config.ts';
import type { EligibilityRules } from '../../core/invitation-run/eligibility.ts';
import { DEFAULT_SENDING_WINDOW, parseSendingWindow } from '../../core/quiet-hours.ts';
import { DEFAULT_SMS_TEMPLATE, parseSmsTemplate } from '../../core/sms-text.ts';
import type { SmsTemplate } from '../../core/sms-text.ts';

export const DEFAULT_REMINDER_TEMPLATE = 'Hi {firstName}, a reminder from {business}: we would love your feedback: {link} Reply STOP to opt out.';

/** Everything the invitation run reads from the environment, validated once per cold start. */
export interface InvitationSettings {
  businessName: string;
  publicBaseUrl: string;
  ttlDays: number;
  invitationTemplate: SmsTemplate;
  reminderTemplate: SmsTemplate;
  rules: EligibilityRules;
  /** Messages per second; the default 1 is the US 10DLC default for one number. */
  smsPerSecond: number;
  concurrency: number;
  segments: number;
}

export function readInvitationSettings(env: Environment): InvitationSettings {
  const reminderDays = env.STARLING_REMINDER_AFTER_DAYS?.trim();

  return {
    businessName: businessName(env),
    publicBaseUrl: publicBaseUrl(env),
    ttlDays: invitationTtlDays(env),
    invitationTemplate: parseSmsTemplate(env.STARLING_SMS_TEMPLATE?.trim() || DEFAULT_SMS_TEMPLATE, 'STARLING_SMS_TEMPLATE'),
    reminderTemplate: parseSmsTemplate(env.STARLING_REMINDER_TEMPLATE?.trim() || DEFAULT_REMINDER_TEMPLATE, 'STARLING_REMINDER_TEMPLATE'),
    rules: {
      invitationCooldownDays: integerVariable(env, 'STARLING_INVITATION_COOLDOWN_DAYS', 30, { min: 0, max: 3650 }),
      reviewCooldownDays: integerVariable(env, 'STARLING_REVIEW_COOLDOWN_DAYS', 180, { min: 0, max: 3650 }),
      reminderAfterDays: reminderDays ? integerVariable(env, 'STARLING_REMINDER_AFTER_DAYS', 3, { min: 1, max: 90 }) : undefined,
      businessTimeZone: businessTimeZone(env),
      sendingWindow: env.STARLING_SENDING_WINDOW?.trim() ? parseSendingWindow(env.STARLING_SENDING_WINDOW.trim(), 'STARLING_SENDING_WINDOW') : DEFAULT_SENDING_WINDOW,
    },
    smsPerSecond: rateVariable(env, 'STARLING_SMS_PER_SECOND', 1),
    concurrency: integerVariable(env, 'STARLING_SMS_CONCURRENCY', 8, { min: 1, max: 256 }),
    segments: integerVariable(env, 'STARLING_SCAN_SEGMENTS', 1, { min: 1, max: 64 }),
  };
}

