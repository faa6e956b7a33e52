import { epochSeconds } from '../contracts/schemas.ts';

/** The schedule routes' JSON schemas (spec §1.4), used by the service and by the gateway alike. */

export const scheduleBody = {
  type: 'object',
  required: ['start_date', 'end_date', 'detail'],
  properties: {
    start_date: { ...epochSeconds, description: 'Unix seconds; the Korean day it falls on is kept' },
    end_date: { ...epochSeconds, description: 'Unix seconds, on or after start_date' },
    detail: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const;

export const scheduleParams = {
  type: 'object',
  required: ['schedule_uuid'],
  properties: { schedule_uuid: { type: 'string', minLength: 1, maxLength: 40 } },
} as const;

const year = { type: 'integer', minimum: 1, maximum: 9999 } as const;
const month = { type: 'integer', minimum: 1, maximum: 12 } as const;

export const monthParams = { type: 'object', required: ['year', 'month'], properties: { year, month } } as const;

export const dayParams = {
  type: 'object',
  required: ['year', 'month', 'day'],
  properties: { year, month, day: { type: 'integer', minimum: 1, maximum: 31 } },
} as const;

/** How many consecutive days from the one asked; 0 or absent means 1. */
export const timetableQuery = {
  type: 'object',
  properties: { count: { type: 'integer', minimum: 0, maximum: 31, default: 0 } },
} as const;

const subject = { type: 'string', maxLength: 30, default: '' } as const;

/** A month's timetable: one entry per class and school day; a day or class left out has no lessons. */
export const timetableUploadBody = {
  type: 'object',
  required: ['time_tables'],
  properties: {
    time_tables: {
      type: 'array',
      maxItems: 31 * 12,
      items: {
        type: 'object',
        required: ['day', 'grade', 'group'],
        properties: {
          day: { type: 'integer', minimum: 1, maximum: 31 },
          grade: { type: 'integer', minimum: 1, maximum: 3 },
          group: { type: 'integer', minimum: 1, maximum: 4 },
          time1: subject,
          time2: subject,
          time3: subject,
          time4: subject,
          time5: subject,
          time6: subject,
          time7: subject,
        },
      },
    },
  },
} as const;
