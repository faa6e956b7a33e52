import { PATTERN_MEANS } from '@mosaic/kit/http';
import { uuidSchema } from '../contracts/accounts.ts';
import { epochSeconds } from '../contracts/schemas.ts';

/** Outing's request schemas: the service validates with them, and so does the gateway (routes.ts). */
const outingUuid = { type: 'string', pattern: '^outing-[0-9]{12}$', [PATTERN_MEANS]: 'outing- and 12 digits' } as const;

export const outingParams = {
  type: 'object',
  required: ['outing_uuid'],
  properties: { outing_uuid: outingUuid },
} as const;

export const actionParams = {
  type: 'object',
  required: ['outing_uuid', 'action'],
  properties: { outing_uuid: outingUuid, action: { type: 'string', maxLength: 40 } },
} as const;

export const parentActionQuery = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'string', pattern: '^[0-9]{12}$', [PATTERN_MEANS]: '12 digits' } },
} as const;

export const codeParams = {
  type: 'object',
  required: ['OCode'],
  properties: { OCode: { type: 'string', pattern: '^[0-9]{12}$', [PATTERN_MEANS]: '12 digits' } },
} as const;

export const studentParams = {
  type: 'object',
  required: ['student_uuid'],
  properties: { student_uuid: uuidSchema('student') },
} as const;

export const newOutingBody = {
  type: 'object',
  required: ['start_time', 'end_time', 'place', 'reason', 'situation'],
  properties: {
    start_time: epochSeconds,
    end_time: epochSeconds,
    place: { type: 'string', minLength: 1, maxLength: 150 },
    reason: { type: 'string', minLength: 1, maxLength: 150 },
    situation: {
      type: 'string',
      pattern: '^([Nn][Oo][Rr][Mm][Aa][Ll]|[Ee][Mm][Ee][Rr][Gg][Ee][Nn][Cc][Yy])$',
      [PATTERN_MEANS]: 'normal or emergency (any case)',
    },
  },
} as const;

export const endTimeBody = {
  type: 'object',
  required: ['end_time'],
  properties: { end_time: epochSeconds },
} as const;

export const studentOutingsQuery = {
  type: 'object',
  properties: {
    start: { type: 'integer', minimum: 0, default: 0 },
    count: { type: 'integer', minimum: 0, maximum: 1000, default: 0 },
  },
} as const;

export const filterQuery = {
  type: 'object',
  properties: {
    start: { type: 'integer', minimum: 0, default: 0 },
    count: { type: 'integer', minimum: 0, maximum: 10_000, default: 0 },
    status: { type: 'string', enum: ['', '-2', '-1', '0', '1', '2', '3', '4', '5'] },
    grade: { type: 'integer', minimum: 0, maximum: 3, default: 0 },
    group: { type: 'integer', minimum: 0, maximum: 4, default: 0 },
    floor: { type: 'integer', minimum: 0, maximum: 5, default: 0 },
    start_time: { type: 'integer', minimum: 0, maximum: 9_999_999_999, default: 0 },
    end_time: { type: 'integer', minimum: 0, maximum: 9_999_999_999, default: 0 },
  },
} as const;

export const settingsBody = {
  type: 'object',
  required: ['parent_approval'],
  properties: { parent_approval: { type: 'boolean' } },
} as const;
