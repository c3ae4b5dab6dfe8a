import type { PublishCommandOutput, SNSClient } from '@aws-sdk/client-sns';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { SmsMessage, SmsSender } from '../../core/ports.ts';
import { SmsError } from '../../core/sms-errors.ts';
import { toSmsError } from './sms-error-mapping.ts';

/**
 * Sends SMS by publishing straight to a phone number. Publishing to a topic with a phone number
 * attribute would deliver nothing to the phone. The Transactional SMS type is the one SNS
 * optimizes for delivery reliability, meant for messages a person is waiting for.
 *
 * `send` throws the SMS error family (see `toSmsError`) and never retries, so the caller decides
 * how often to try. Build the SNS client with `maxAttempts: 1`, because the SDK's default retries
 * would multiply the caller's attempts.
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

    let result: PublishCommandOutput;
    try {
      result = await this.client.send(new PublishCommand({ PhoneNumber: message.phoneNumber, Message: message.body, MessageAttributes: attributes }));
    } catch (error) {
      throw toSmsError(error);
    }

    if (!result.MessageId) {
      throw new SmsError('SNS accepted the SMS but returned no message id');
    }

    return { messageId: result.MessageId };
  }
}

type PublishInput = ConstructorParameters<typeof PublishCommand>[0];
