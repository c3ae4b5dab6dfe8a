import type { SNSClient } from '@aws-sdk/client-sns';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { SmsMessage, SmsSender } from '../../core/ports.ts';

/**
 * Sends SMS by publishing straight to a phone number. Publishing to a topic with a phone number
 * attribute would deliver nothing to the phone. The Transactional SMS type is the one SNS
 * optimizes for delivery reliability, meant for messages a person is waiting for.
 */
export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly client: SNSClient,
    private readonly options: { senderId?: string } = {},
  ) {}

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    const attributes: NonNullable<PublishInput['MessageAttributes']> = {
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
    };
    if (this.options.senderId) {
      attributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: this.options.senderId };
    }

    const result = await this.client.send(new PublishCommand({ PhoneNumber: message.phoneNumber, Message: message.body, MessageAttributes: attributes }));
    if (!result.MessageId) {
      throw new Error('SNS accepted the SMS but returned no message id');
    }

    return { messageId: result.MessageId };
  }
}

type PublishInput = ConstructorParameters<typeof PublishCommand>[0];
