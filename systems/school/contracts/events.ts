/**
 * Events between school services. Their subject is the account uuid the message is for (or the outing).
 */

/**
 * "Send this person an SMS": the seed's SMS/LMS calls. Auth owns the notification outbox (it knows phone
 * numbers), so any service asks for a message by account and auth's policy writes it to the outbox an
 * admin reads at `GET /v1/notifications`.
 */
export interface SmsRequested {
  /** The account to reach. */
  to_uuid?: string;
  /** Instead: the parent linked to this student… */
  to_parent_of?: string;
  /** …or the homeroom teacher of this student's class… */
  to_homeroom_of?: string;
  /** …unless that teacher is this account (who caused the message and needs no SMS about it). */
  except_uuid?: string;
  text: string;
  /** Why, for people reading the outbox: e.g. `outing-approved`. */
  reason: string;
}

export interface SchoolEvents {
  SmsRequested: SmsRequested;
}

export type SchoolEventType = keyof SchoolEvents;

export function schoolEvent<K extends SchoolEventType>(type: K, subject: string, data: SchoolEvents[K]) {
  return { type, subject, data };
}

export function dataOf<K extends SchoolEventType>(_type: K, event: { data: unknown }): SchoolEvents[K] {
  return event.data as SchoolEvents[K];
}
