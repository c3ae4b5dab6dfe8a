/** One message that the local stack recorded in place of sending or receiving it. */
export interface OutboxEntry {
  /** The recipient as recorded, which may already be masked, such as `+1*******32`. For `inbound`, the business's number. */
  to: string;
  /** The sender's phone number, present on `inbound` entries only. */
  from?: string;
  body: string;
  /** The review link inside the message, when it has one. */
  link?: string;
  /**
   * `sms` for an SMS to a customer, `notification` for a message to the business admin, and
   * `inbound` for an SMS from a customer, simulated with `starling reply`.
   */
  kind: 'sms' | 'notification' | 'inbound';
  /** ISO 8601 timestamp of when the message was recorded. */
  sentAt: string;
}
