import { SNSClient } from '@aws-sdk/client-sns';
import { SnsSmsSender } from '../../adapters/sns/sms-sender.ts';
import { businessName, invitationTtlDays, publicBaseUrl } from '../../config.ts';
import { systemClock } from '../../core/ports.ts';
import type { SendInvitationsDeps } from '../../core/send-invitations.ts';
import { createKeyRingProvider, createLogger, createStores } from '../shared/runtime.ts';

export const logger = createLogger('send-invitations');

const { customers, invitations } = createStores(process.env);

export const deps: SendInvitationsDeps = {
  customers,
  invitations,
  sms: new SnsSmsSender(new SNSClient({}), { senderId: process.env.STARLING_SMS_SENDER_ID?.trim() || undefined }),
  keyRing: createKeyRingProvider(process.env),
  clock: systemClock,
  logger,
};

export const settings = {
  businessName: businessName(process.env),
  publicBaseUrl: publicBaseUrl(process.env),
  ttlDays: invitationTtlDays(process.env),
};
