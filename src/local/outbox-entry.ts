/** One message that the local stack recorded in place of sending it. */
export interface OutboxEntry {
  /** The recipient as recorded, which may already be masked, such as `+1*******32`. */
  to: string;
  body: string;
  /** The review link inside the message, when it has one. */
  link?: string;
  /** `sms` for a customer invitation, `notification` for a message to the business admin. */
  kind: 'sms' | 'notification';
  /** ISO 8601 timestamp of when the message was recorded. */
  sentAt: string;
}
