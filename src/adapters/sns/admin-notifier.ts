import type { SNSClient } from '@aws-sdk/client-sns';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { AdminNotification, AdminNotifier } from '../../core/ports.ts';

/** SNS limits a subject to 100 printable ASCII characters. */
const MAX_SUBJECT_LENGTH = 100;

/** Publishes admin notifications to the admins' SNS topic (email, chat or any other subscriber). */
export class SnsAdminNotifier implements AdminNotifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(notification: AdminNotification): Promise<void> {
    const subject = notification.subject.replace(/[^\x20-\x7E]/g, '').slice(0, MAX_SUBJECT_LENGTH);
    await this.client.send(new PublishCommand({ TopicArn: this.topicArn, Subject: subject, Message: notification.body }));
  }
}
