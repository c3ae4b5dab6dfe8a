import { businessName } from '../../config.ts';
import type { ReviewAccessDeps } from '../../core/review-access.ts';
import { systemClock } from '../../core/ports.ts';
import { createKeyRingProvider, createLogger, createStores } from '../shared/runtime.ts';

export const logger = createLogger('render-review-form');

const { customers, invitations, reviews } = createStores(process.env);

export const deps: ReviewAccessDeps = {
  customers,
  invitations,
  reviews,
  keyRing: createKeyRingProvider(process.env),
  clock: systemClock,
  logger,
};

export const settings = { businessName: businessName(process.env) };
