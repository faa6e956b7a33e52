import { PATTERN_MEANS } from '@mosaic/kit/http';
import { uuidSchema } from '../contracts/accounts.ts';
import { pageQuery } from '../contracts/schemas.ts';

/**
 * The club routes' JSON schemas (spec §1.2): the service validates with them and the gateway validates
 * with the same ones before a request travels. Multipart bodies are the service's alone to read.
 */

/** A logo is a small image: 1 MiB at most (the multipart form around it may add a little). */
export const LOGO_MAX_BYTES = 1024 * 1024;
/** What the gateway lets through to the club's form routes: the logo and the form around it. */
export const FORM_MAX_BYTES = LOGO_MAX_BYTES + 64 * 1024;

const text = (maxLength: number, minLength = 0) => ({ type: 'string', minLength, maxLength }) as const;

export const clubParams = {
  type: 'object',
  required: ['club_uuid'],
  properties: { club_uuid: text(40, 1) },
} as const;

export const memberParams = {
  type: 'object',
  required: ['club_uuid', 'student_uuid'],
  properties: { club_uuid: text(40, 1), student_uuid: text(40, 1) },
} as const;

export const recruitmentParams = {
  type: 'object',
  required: ['recruitment_uuid'],
  properties: { recruitment_uuid: text(40, 1) },
} as const;

export const floorParams = {
  type: 'object',
  required: ['floor'],
  properties: { floor: { type: 'integer', minimum: 1, maximum: 5 } },
} as const;

export const leaderParams = {
  type: 'object',
  required: ['leader_uuid'],
  properties: { leader_uuid: text(40, 1) },
} as const;

/** `start` skips, `count` 0 means 10; `field` matches exactly, `name` is a part of the club's name. */
export const clubListQuery = {
  type: 'object',
  properties: { ...pageQuery, field: text(20), name: text(30) },
} as const;

/**
 * Which clubs: `club_uuids` repeated (or comma-separated). The seed also read a JSON body on this GET and
 * the query key `ClubUUIDs`; a GET body does not survive proxies, so the query it is, under either name.
 */
export const clubUuidsQuery = {
  type: 'object',
  properties: {
    club_uuids: { type: 'array', items: text(400, 1), maxItems: 100 },
    ClubUUIDs: { type: 'array', items: text(400, 1), maxItems: 100 },
  },
} as const;

/** `?v=<n>` on a logo URL: the logo's version, so a new logo gets a new URL; the service serves the current one. */
export const logoQuery = {
  type: 'object',
  properties: { v: { type: 'integer', minimum: 0, description: 'the logo version in logo_uri' } },
} as const;

/** The multipart form of `POST /v1/clubs`; `logo` is the uploaded file. */
export const newClubForm = {
  type: 'object',
  required: ['name', 'leader_uuid', 'member_uuids', 'field', 'location', 'floor', 'logo'],
  properties: {
    name: text(30, 1),
    leader_uuid: uuidSchema('student'),
    member_uuids: { ...text(2100, 1), description: 'student uuids joined by |, the leader among them' },
    field: text(20, 1),
    location: text(20, 1),
    // A form field is text, and bodies are checked as sent (no coercion): the floor is its one digit.
    floor: {
      type: 'string',
      pattern: '^[1-5]$',
      [PATTERN_MEANS]: 'one digit, 1 to 5',
      description: 'the floor, 1 to 5',
    },
    logo: { type: 'object', description: 'the logo image file (PNG, JPEG, GIF or WebP)' },
  },
} as const;

/** The multipart form of `PATCH /v1/clubs/uuid/:club_uuid`; an empty field keeps the current value. */
export const clubRevisionForm = {
  type: 'object',
  properties: {
    club_concept: text(40),
    introduction: text(150),
    link: text(100),
    logo: { type: 'object', description: 'a new logo image file (optional)' },
  },
} as const;

export const studentBody = {
  type: 'object',
  required: ['student_uuid'],
  properties: { student_uuid: uuidSchema('student') },
} as const;

export const newLeaderBody = {
  type: 'object',
  required: ['new_leader_uuid'],
  properties: { new_leader_uuid: uuidSchema('student') },
} as const;

const day = {
  type: 'string',
  pattern: '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$',
  [PATTERN_MEANS]: 'a date as YYYY-MM-DD, or empty',
  description: 'YYYY-MM-DD (Korea); empty for none',
} as const;

const recruitMember = {
  type: 'object',
  required: ['grade', 'field', 'number'],
  properties: {
    grade: { type: 'integer', minimum: 1, maximum: 3 },
    field: text(20, 1),
    number: { type: 'integer', minimum: 1, maximum: 20 },
  },
} as const;

export const newRecruitmentBody = {
  type: 'object',
  required: ['club_uuid', 'recruit_concept', 'members'],
  properties: {
    club_uuid: text(40, 1),
    recruit_concept: text(40, 1),
    end_period: day,
    members: { type: 'array', minItems: 1, maxItems: 30, items: recruitMember },
  },
} as const;

export const recruitmentRevisionBody = {
  type: 'object',
  properties: {
    recruit_concept: text(40),
    end_period: day,
    members: { type: 'array', maxItems: 30, items: recruitMember },
  },
} as const;
