import type { FieldError } from '@mosaic/kit/http';
import type { AnnouncementType } from '../announcement/domain.ts';
import type { ParentInform, Role, StudentDetail, StudentInform, TeacherInform } from '../contracts/accounts.ts';
import type { OutingStatus, Situation } from '../outing/domain.ts';

/**
 * What the school tests read of its answers, named so a test says which shape it expects
 * (`s.as(token).get<OutingRead>(...)`). The test's word, not a check: its assertions are the check.
 */

/** The seed's envelope (spec §0): the HTTP status repeated, 0 or a negative code, a message, then the payload. */
export type Envelope<Payload = unknown> = { status: number; code: number; message: string } & Payload;

/** A refusal: the gateway's own carry the request id, a schema's name each field it refused. */
export type Refusal = Envelope<{ request_id?: string; errors?: FieldError[] }>;

/** An answer naming one thing by its uuid: what a POST created, or what a lookup found. */
export type UuidEnvelope<Key extends `${string}_uuid`> = Envelope<Record<Key, string>>;

/** An answer listing uuids under one key (`student_uuids`, `uuids`, ...). */
export type UuidsEnvelope<Key extends string> = Envelope<Record<Key, string[]>>;

/** A count (`/v1/clubs/count`, `/v1/recruitments/count`, a timetable upload). */
export type CountEnvelope = Envelope<{ count: number }>;

// auth

/** `POST /v1/login/:role`: the token, and the account's uuid under `<role>_uuid`. */
export type SignedIn = Envelope<{ access_token: string } & Record<`${Role}_uuid`, string>>;

/** `GET /.well-known/jwks.json`: the public keys, not enveloped. */
export interface Jwks {
  keys: { kty: string; crv: string; alg: string; kid: string }[];
}

/** `POST /v1/signing-keys/rotate`. */
export type RotatedKey = Envelope<{ kid: string; active_from: number }>;

export type StudentRead = Envelope<StudentDetail>;
export type StudentsRead = Envelope<{ students: StudentInform[] }>;
export type ChildrenRead = Envelope<{ children: StudentInform[] }>;
export type TeacherRead = Envelope<TeacherInform>;
export type ParentRead = Envelope<ParentInform>;
/** `GET /v1/students/uuid/:uuid/parent`. */
export type ParentOfStudent = Envelope<ParentInform & { parent_uuid: string }>;

/** One SMS of the outbox (`GET /v1/notifications`). */
export interface Notification {
  notification_id: number;
  to_uuid: string;
  phone_number: string;
  text: string;
  reason: string;
  created_at: number;
}
export type Notifications = Envelope<{ notifications: Notification[] }>;

// outing

/** `POST /v1/outings`. */
export type OutingCreated = Envelope<{ outing_uuid: string; outing_status: OutingStatus }>;

/** An outing as every outing route shows it. */
export interface OutingView {
  outing_uuid: string;
  place: string;
  reason: string;
  /** Unix seconds. */
  start_time: number;
  end_time: number;
  outing_situation: Situation;
  outing_status: OutingStatus;
}

/** `GET /v1/outings/uuid/:uuid`. */
export type OutingRead = Envelope<OutingView & { student_uuid: string }>;
/** `GET /v1/students/uuid/:uuid/outings`: 0 for no arrival yet. */
export type StudentOutings = Envelope<{ outings: (OutingView & { arrival_time: number })[] }>;

/** `GET /v1/outings/with-filter`: each outing with its student. */
export interface FilteredOuting extends OutingView {
  name: string;
  grade: number;
  group: number;
  number: number;
  is_late: boolean;
  arrival_time: number;
}
export type FilteredOutings = Envelope<{ outings: FilteredOuting[] }>;

/** `GET /v1/outings/uuid/:uuid/card`: the pass the student shows. */
export type OutingCard = Envelope<{
  place: string;
  start_time: number;
  end_time: number;
  outing_status: OutingStatus;
  name: string;
  grade: number;
  group: number;
  number: number;
  profile_uri: string;
  reason: string;
}>;

// club

export interface ClubView {
  club_uuid: string;
  leader_uuid: string;
  member_uuids: string[];
  name: string;
  location: string;
  field: string;
  link: string;
  introduction: string;
  club_concept: string;
  logo_uri: string;
}

/** `GET /v1/clubs/uuid/:uuid`: without the floor. */
export type ClubRead = Envelope<ClubView>;
/** The club lists: each with its floor. */
export type ClubList = Envelope<{ clubs: (ClubView & { floor: number })[] }>;
export type ClubFieldList = Envelope<{ fields: string[] }>;

export interface RecruitmentView {
  recruitment_uuid: string;
  club_uuid: string;
  recruit_concept: string;
  recruit_members: { grade: number; field: string; number: number }[];
  /** `YYYY-MM-DD`. */
  start_period: string;
  /** `YYYY-MM-DD`, or '' for one open until closed. */
  end_period: string;
}
export type RecruitmentRead = Envelope<RecruitmentView>;
export type RecruitmentList = Envelope<{ recruitments: RecruitmentView[] }>;

// announcement

/** An announcement in a list. */
export interface Listed {
  announcement_uuid: string;
  number: number;
  title: string;
  date: number;
  views: number;
  writer_name: string;
  is_checked: 0 | 1;
}
export type AnnouncementPage = Envelope<{ size: number; announcements: Listed[] }>;

/** `GET /v1/announcements/uuid/:uuid`: the announcement, and its neighbours ('' when none). */
export type AnnouncementRead = Envelope<{
  /** Epoch milliseconds. */
  date: number;
  title: string;
  content: string;
  writer_name: string;
  target_grade: number;
  target_group: number;
  type: AnnouncementType;
  next_title: string;
  next_announcement_uuid: string;
  previous_title: string;
  previous_announcement_uuid: string;
}>;

// schedule

/** A calendar entry: days as Korean midnights in epoch milliseconds. */
export interface ScheduleEntry {
  schedule_uuid: string;
  start_date: number;
  end_date: number;
  detail: string;
}
export type ScheduleMonth = Envelope<{ schedules: ScheduleEntry[] }>;

/** One class's day: period 1 to 7, '' where there is none. */
export type Periods = { [K in `time${1 | 2 | 3 | 4 | 5 | 6 | 7}`]: string };
export type TimetableDay = Envelope<Periods>;
export type TimetableDays = Envelope<{ time_tables: Periods[] }>;
