import { pageQuery } from '../contracts/schemas.ts';
import { ANNOUNCEMENT_TYPES } from './domain.ts';

/** The announcement routes' JSON schemas (spec §1.5), used by the service and by the gateway alike. */

const text = (maxLength: number, minLength = 0) => ({ type: 'string', minLength, maxLength }) as const;
const type = { type: 'string', enum: ANNOUNCEMENT_TYPES, description: 'school or club' } as const;

export const typeParams = { type: 'object', required: ['type'], properties: { type } } as const;

export const searchParams = {
  type: 'object',
  required: ['type', 'search_query'],
  properties: { type, search_query: text(50, 1) },
} as const;

export const announcementParams = {
  type: 'object',
  required: ['announcement_uuid'],
  properties: { announcement_uuid: text(40, 1) },
} as const;

export const writerParams = {
  type: 'object',
  required: ['writer_uuid'],
  properties: { writer_uuid: text(40, 1) },
} as const;

export const studentParams = {
  type: 'object',
  required: ['student_uuid'],
  properties: { student_uuid: text(40, 1) },
} as const;

/** `start` is a page index (the seed's Spring paging), `count` 0 means 10. */
export const pagingQuery = { type: 'object', properties: pageQuery } as const;

/** Digits of the grades (1–3) and classes (1–4) a school announcement is for; 0 for none. */
const targetGrade = { type: 'integer', minimum: 0, maximum: 123, default: 0 } as const;
const targetGroup = { type: 'integer', minimum: 0, maximum: 1234, default: 0 } as const;

export const newAnnouncementBody = {
  type: 'object',
  required: ['type', 'title', 'content'],
  properties: {
    type,
    title: text(50, 1),
    content: { ...text(1000, 1), description: 'a JSON object as text, e.g. {"content":"…"}' },
    target_grade: targetGrade,
    target_group: targetGroup,
  },
} as const;

/** A full overwrite, as the seed: what is left out becomes empty (title, content) or 0 (targets). */
export const announcementRevisionBody = {
  type: 'object',
  properties: {
    title: { ...text(50), default: '' },
    content: { ...text(1000), default: '' },
    target_grade: targetGrade,
    target_group: targetGroup,
  },
} as const;
