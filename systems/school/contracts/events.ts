import { type Static, Type } from '@mosaic/kit/http';
import { defineEvents } from '@mosaic/kit/messaging';

/**
 * Events between school services, each with the schema of its data. Their subject is what the message is
 * about (the outing), named by the publisher with `about`.
 */

const Uuid = Type.String({ minLength: 1, maxLength: 40 });

/**
 * "Send this person an SMS": the seed's SMS/LMS calls. Auth owns the notification outbox (it knows phone
 * numbers), so any service asks for a message by account and auth's policy writes it to the outbox an
 * admin reads at `GET /v1/notifications`.
 */
export const SmsRequested = Type.Object({
  /** What the message is about (the outing): the event's subject. */
  about: Uuid,
  /** The account to reach. */
  to_uuid: Type.Optional(Uuid),
  /** Instead: the parent linked to this student… */
  to_parent_of: Type.Optional(Uuid),
  /** …or the homeroom teacher of this student's class… */
  to_homeroom_of: Type.Optional(Uuid),
  /** …unless that teacher is this account (who caused the message and needs no SMS about it). */
  except_uuid: Type.Optional(Uuid),
  text: Type.String({ minLength: 1 }),
  /** Why, for people reading the outbox: e.g. `outing-approved`. */
  reason: Type.String({ minLength: 1 }),
});
export type SmsRequested = Static<typeof SmsRequested>;

export const schoolEvents = defineEvents({ SmsRequested }, { subject: (_type, data) => data.about });

/** A message as the domain words it, before the publisher says what it is about. */
export type SmsMessage = Omit<SmsRequested, 'about'>;
