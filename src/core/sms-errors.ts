import { StarlingError } from './errors.ts';

/**
 * Base of the errors an SMS sender raises when the provider rejects or fails a message. The
 * provider's own error is kept as `cause`. Messages never contain the phone number, because the
 * callers log them.
 */
export class SmsError extends StarlingError {}

/** The provider rejected the request because of a rate limit, so sending again later may succeed. */
export class SmsThrottledError extends SmsError {}

/** The provider failed or could not be reached (an HTTP 5xx, a network error or a timeout), so sending again may succeed. */
export class SmsTemporaryError extends SmsError {}

/** The provider rejected the phone number as invalid, so sending again fails the same way. */
export class SmsInvalidNumberError extends SmsError {}

/**
 * The request may or may not have reached the provider (a reset connection or a timeout after
 * sending). It is not retried, because a retry could deliver the SMS twice.
 */
export class SmsOutcomeUnknownError extends SmsError {}

/** The phone number has opted out of SMS from this account, so sending again fails the same way. */
export class SmsOptedOutError extends SmsError {}

/** Returns true for SMS errors that a later attempt may get past: throttling and temporary failures. */
export function isRetryableSmsError(error: unknown): boolean {
  return error instanceof SmsThrottledError || error instanceof SmsTemporaryError;
}
