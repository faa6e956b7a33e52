export { type Static, type TSchema, Type } from '@sinclair/typebox';
export { type ErrorBody, type ErrorFacts, REASONS, type Reason, statusOf, titleOf } from './catalog.ts';
export { withDefaults } from './defaults.ts';
export { isJsonContentType, type JsonBody, parseJsonBody } from './json-body.ts';
export { isPlainText } from './plain-text.ts';
export { type RequestRefusal, refusalOf } from './request-errors.ts';
export { describeSchemaErrors, type FieldError, PATTERN_MEANS } from './schema-errors.ts';
export { INT32_MAX, INT32_MIN, type JSONSchema, strictSchema } from './strict-schema.ts';
export { checkPart, createRequestValidators, type RequestPart, type RequestValidators } from './validators.ts';
