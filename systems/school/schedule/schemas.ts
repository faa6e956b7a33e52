import { type Static, Type } from '@mosaic/kit/http';
import { epochSeconds } from '../contracts/schemas.ts';

/** The schedule routes' schemas (spec §1.4), used by the service and by the gateway alike. */

export const scheduleBody = Type.Object({
  start_date: Type.Integer({ ...epochSeconds, description: 'Unix seconds; the Korean day it falls on is kept' }),
  end_date: Type.Integer({ ...epochSeconds, description: 'Unix seconds, on or after start_date' }),
  detail: Type.String({ minLength: 1, maxLength: 100 }),
});

export const scheduleParams = Type.Object({ schedule_uuid: Type.String({ minLength: 1, maxLength: 40 }) });

const year = Type.Integer({ minimum: 1, maximum: 9999 });
const month = Type.Integer({ minimum: 1, maximum: 12 });

export const monthParams = Type.Object({ year, month });

export const dayParams = Type.Object({ year, month, day: Type.Integer({ minimum: 1, maximum: 31 }) });

const timetableFields = Type.Object({ count: Type.Optional(Type.Integer({ minimum: 0, maximum: 31, default: 0 })) });
/**
 * How many consecutive days from the one asked; 0 or absent means 1. Validation fills in the default before
 * the handler runs, so its type has it.
 */
export const timetableQuery = Type.Unsafe<Static<typeof timetableFields> & { count: number }>(timetableFields);

const subject = Type.Optional(Type.String({ maxLength: 30, default: '' }));

/** A month's timetable: one entry per class and school day; a day or class left out has no lessons. */
export const timetableUploadBody = Type.Object({
  time_tables: Type.Array(
    Type.Object({
      day: Type.Integer({ minimum: 1, maximum: 31 }),
      grade: Type.Integer({ minimum: 1, maximum: 3 }),
      group: Type.Integer({ minimum: 1, maximum: 4 }),
      time1: subject,
      time2: subject,
      time3: subject,
      time4: subject,
      time5: subject,
      time6: subject,
      time7: subject,
    }),
    { maxItems: 31 * 12 },
  ),
});
