import { SmsError, SmsInvalidNumberError, SmsOptedOutError, SmsOutcomeUnknownError, SmsTemporaryError, SmsThrottledError } from '../../core/sms-errors.ts';

/**
 * Error names for rate limiting. SNS models `ThrottledException` (HTTP 429), but its API-wide rate
 * limit returns the AWS query-protocol code `Throttling` (HTTP 400), which SDK v3 (3.1178) raises as a
 * plain service exception named `Throttling`.
 */
const THROTTLING_NAMES = new Set(['ThrottledException', 'Throttling', 'ThrottlingException', 'KMSThrottlingException']);
const TEMPORARY_NAMES = new Set(['InternalErrorException', 'InternalError', 'ServiceUnavailable', 'ServiceUnavailableException']);
const INVALID_PARAMETER_NAMES = new Set(['InvalidParameterException', 'InvalidParameter']);
/** Node.js system error codes of a failed connection. The SDK passes these errors on with `code` set. */
const NETWORK_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE']);

/**
 * Maps an error from the SNS SDK to the SMS error family, keeping the SDK error as `cause`. Errors
 * that fit no family member are returned unchanged. The messages built here leave out the phone
 * number, even where the SDK message quotes it.
 */
export function toSmsError(error: unknown): Error {
  if (error instanceof SmsError) {
    return error;
  }

  if (!(error instanceof Error)) {
    return new SmsError(`SNS publish failed with a value that is not an Error: ${typeof error}`, { cause: error });
  }

  const status = httpStatusOf(error);
  const detail = status === undefined ? error.name : `${error.name}, HTTP ${status}`;
  if (/OptedOut/.test(error.name)) {
    return optedOut(detail, error);
  }

  if (THROTTLING_NAMES.has(error.name) || status === 429) {
    return new SmsThrottledError(`SNS throttled the SMS request (${detail}); send it again after a backoff`, { cause: error });
  }

  if (INVALID_PARAMETER_NAMES.has(error.name)) {
    if (/opted out/i.test(error.message)) {
      return optedOut(detail, error);
    }

    if (/phone ?number/i.test(error.message)) {
      return new SmsInvalidNumberError(`SNS rejected the phone number as invalid (${detail}); correct the customer's phone number before sending again`, {
        cause: error,
      });
    }
  }

  if (TEMPORARY_NAMES.has(error.name) || (status !== undefined && status >= 500)) {
    return new SmsTemporaryError(`SNS failed to accept the SMS (${detail}); the failure is temporary, so send it again later`, { cause: error });
  }

  const code = systemErrorCodeOf(error);
  if (code === 'ECONNREFUSED') {
    return new SmsTemporaryError(`SNS could not be reached (${code}); send the SMS again later`, { cause: error });
  }

  // After a reset connection or a timeout SNS may already have accepted the message, and a retry
  // could deliver it twice. Only a refused connection proves that nothing was sent.
  if ((code !== undefined && NETWORK_ERROR_CODES.has(code)) || error.name === 'TimeoutError') {
    return new SmsOutcomeUnknownError(`the SMS request to SNS failed with a network error (${code ?? error.name}) after it may have been sent`, { cause: error });
  }

  return error;
}

function optedOut(detail: string, cause: Error): SmsOptedOutError {
  return new SmsOptedOutError(`SNS did not send the SMS because the phone number opted out (${detail}); send to it only after the customer opts in again`, {
    cause,
  });
}

function httpStatusOf(error: Error): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

function systemErrorCodeOf(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
