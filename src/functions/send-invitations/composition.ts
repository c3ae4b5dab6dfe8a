import { Metrics } from '@aws-lambda-powertools/metrics';
import { SNSClient } from '@aws-sdk/client-sns';
import type { RunContinuation } from '../../adapters/lambda/self-invoker.ts';
import { LambdaSelfInvoker, noContinuation } from '../../adapters/lambda/self-invoker.ts';
import { SnsAdminNotifier } from '../../adapters/sns/admin-notifier.ts';
import { SnsSmsSender } from '../../adapters/sns/sms-sender.ts';
import { requireVariable } from '../../config.ts';
import type { RunDeps } from '../../core/invitation-run/run-invitations.ts';
import { systemClock } from '../../core/ports.ts';
import { createRateLimiter } from '../../core/rate-limiter.ts';
import { DEFAULT_SMS_RETRY } from '../../core/retry.ts';
import { estimateSmsLength } from '../../core/sms-text.ts';
import { TOKEN_LENGTH } from '../../core/tokens.ts';
import { createKeyRingProvider, createLogger, createStores } from '../shared/runtime.ts';
import { readInvitationSettings } from './settings.ts';

export const logger = createLogger('send-invitations');
export const metrics = new Metrics({ namespace: 'Starling', serviceName: 'send-invitations' });
export const settings = readInvitationSettings(process.env);

const typical = estimateSmsLength(settings.invitationTemplate, { firstName: 'Alexandra', business: settings.businessName, linkLength: `${settings.publicBaseUrl}/review?token=`.length + TOKEN_LENGTH });
if (typical.segments > 1) {
  logger.warn('an invitation SMS needs more than one segment, and each segment is billed', { encoding: typical.encoding, units: typical.units, segments: typical.segments });
}

// The run retries throttling and server errors itself, with jitter and the rate limit in mind,
// so the SDK's own retries are off to keep the attempts counted in one place.
const sns = new SNSClient({ maxAttempts: 1 });
const { customers, invitations, runs } = createStores(process.env);
const rateLimiter = createRateLimiter({ ratePerSecond: settings.smsPerSecond });

export const deps: RunDeps = {
  customers,
  invitations,
  runs,
  sms: new SnsSmsSender(sns, { senderId: process.env.STARLING_SMS_SENDER_ID?.trim() || undefined }),
  // Notifications keep the SDK's default retries: a repeated admin notification does no harm.
  notifier: new SnsAdminNotifier(new SNSClient({}), requireVariable(process.env, 'STARLING_ADMIN_TOPIC_ARN')),
  clock: systemClock,
  logger,
  keyRing: createKeyRingProvider(process.env),
  acquireSendSlot: () => rateLimiter.acquire(),
  retry: DEFAULT_SMS_RETRY,
};

/** On Lambda a paused run continues in a new asynchronous invocation; elsewhere the caller loops. */
export const continuation: RunContinuation = process.env.AWS_LAMBDA_FUNCTION_NAME && process.env.STARLING_SELF_CONTINUE !== 'off'
  ? new LambdaSelfInvoker(process.env.AWS_LAMBDA_FUNCTION_NAME)
  : noContinuation;
