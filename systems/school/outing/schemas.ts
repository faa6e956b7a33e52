import { PATTERN_MEANS, stringEnum, Type, withDefaults } from '@mosaic/kit/http';
import { uuidSchema } from '../contracts/accounts.ts';
import { epochSeconds, pageQuery } from '../contracts/schemas.ts';

/** Outing's request schemas: the service and the gateway validate with them (the endpoints declare them). */

const outingUuid = Type.String({ pattern: '^outing-[0-9]{12}$', [PATTERN_MEANS]: 'outing- and 12 digits' });
const twelveDigits = () => Type.String({ pattern: '^[0-9]{12}$', [PATTERN_MEANS]: '12 digits' });

export const OutingParams = Type.Object({ outing_uuid: outingUuid });

export const ActionParams = Type.Object({ outing_uuid: outingUuid, action: Type.String({ maxLength: 40 }) });

export const ParentActionQuery = Type.Object({ code: twelveDigits() });

export const CodeParams = Type.Object({ OCode: twelveDigits() });

export const StudentParams = Type.Object({ student_uuid: uuidSchema('student') });

export const NewOuting = Type.Object({
  start_time: epochSeconds,
  end_time: epochSeconds,
  place: Type.String({ minLength: 1, maxLength: 150 }),
  reason: Type.String({ minLength: 1, maxLength: 150 }),
  situation: Type.String({
    pattern: '^([Nn][Oo][Rr][Mm][Aa][Ll]|[Ee][Mm][Ee][Rr][Gg][Ee][Nn][Cc][Yy])$',
    [PATTERN_MEANS]: 'normal or emergency (any case)',
  }),
});

export const EndTime = Type.Object({ end_time: epochSeconds });

/** `start` skips, `count` 0 means 10. */
export const StudentOutingsQuery = withDefaults({}, Type.Required(Type.Object(pageQuery)).properties);

/** A status filter: one of the outing statuses, or empty for any. */
const STATUS_FILTERS = ['', '-2', '-1', '0', '1', '2', '3', '4', '5'] as const;

export const FilterQuery = withDefaults(
  {},
  {
    start: Type.Integer({ minimum: 0, default: 0 }),
    count: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
    // An `enum`, so a wrong value is answered with the allowed ones listed.
    status: Type.Optional(stringEnum(STATUS_FILTERS)),
    grade: Type.Integer({ minimum: 0, maximum: 3, default: 0 }),
    group: Type.Integer({ minimum: 0, maximum: 4, default: 0 }),
    floor: Type.Integer({ minimum: 0, maximum: 5, default: 0 }),
    start_time: Type.Integer({ minimum: 0, maximum: 9_999_999_999, default: 0 }),
    end_time: Type.Integer({ minimum: 0, maximum: 9_999_999_999, default: 0 }),
  },
);

export const Settings = Type.Object({ parent_approval: Type.Boolean() });
