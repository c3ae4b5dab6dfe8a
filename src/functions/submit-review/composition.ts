import { SNSClient } from '@aws-sdk/client-sns';
import { SnsAdminNotifier } from '../../adapters/sns/admin-notifier.ts';
import { businessName, publicBaseUrl, requireVariable } from '../../config.ts';
import { systemClock } from '../../core/ports.ts';
import type { SubmitReviewDeps } from '../../core/submit-review.ts';
import { createKeyRingProvider, createLogger, createStores } from '../shared/runtime.ts';

export const logger = createLogger('submit-review');

const { customers, invitations, reviews } = createStores(process.env);

export const deps: SubmitReviewDeps = {
  customers,
  invitations,
  reviews,
  keyRing: createKeyRingProvider(process.env),
  clock: systemClock,
  logger,
  notifier: new SnsAdminNotifier(new SNSClient({}), requireVariable(process.env, 'STARLING_ADMIN_TOPIC_ARN')),
  adminBaseUrl: publicBaseUrl(process.env),
};

export const settings = { businessName: businessName(process.env) };
