/**
 * The delivery contracts: how the e-mail and phone kinds hand a message to
 * whatever sends it. Plain objects with one or two async methods, so that a
 * provider is a few lines to plug in and trivial to fake in a test.
 *
 * A gateway must throw when delivery fails (the built-in ones throw a
 * `TwofoldError` with code `DELIVERY_FAILED`): the core then gives the
 * device's cooldown back, so the user can ask again at once, and reports
 * `failed` to the flow. A gateway must never log the code (the development
 * gateway is the one exception, and refuses to run in production).
 */

/** What a gateway knows about the message beyond its content. */
export interface DeliveryContext {
  /** The user the code is for. */
  readonly userId: string;
  /** The device's persistent id (`phone/...`, `email/...`). */
  readonly deviceId: string;
  /** The user's language (BCP 47, e.g. `nl-BE`) as the host passed it, or null. */
  readonly language: string | null;
  /** When the code stops working. */
  readonly expiresAt: Date;
}

/**
 * Sends codes to phone numbers. Numbers are E.164 (`+31612345678`),
 * validated by the phone kind.
 */
export interface PhoneGateway {
  /** Sends a text message whose body is ready (it contains the code). */
  sendSms(to: string, message: string, context: DeliveryContext): Promise<void>;
  /**
   * Places a call that reads `code` (digits, leading zeros kept) aloud. A
   * gateway without voice leaves it out, and the phone kind then offers text
   * messages only.
   */
  makeCall?(to: string, code: string, context: DeliveryContext): Promise<void>;
}

/** One e-mail, ready to send. */
export interface EmailMessage {
  /** The recipient's address. */
  readonly to: string;
  /** The sender (`"Example" <no-reply@example.com>`); the sender's default when absent. */
  readonly from?: string;
  readonly subject: string;
  /** Plain-text body. */
  readonly text: string;
  /** HTML alternative, when the kind has one. */
  readonly html?: string;
}

/** Sends e-mail. */
export interface EmailSender {
  send(message: EmailMessage, context: DeliveryContext): Promise<void>;
}
