import type { Identity } from '@mosaic/kit/auth';
import { created } from '@mosaic/kit/service';
import type { FastifyRequest } from 'fastify';
import { badRequest, COMMON_CODES, ok } from '../../contracts/envelope.ts';
import { requireRole } from '../../contracts/identity.ts';
import type { AuthContext } from '../commands/context.ts';
import { importRoster, sendJoinSms } from '../commands/roster-import.ts';
import { signUpWithCode, unsignedByCode } from '../commands/student-sign-up.ts';
import { readWorkbook, UnreadableWorkbook } from '../excel.ts';
import { readRoster } from '../roster.ts';
import { authCodeParams, joinSmsQuery, sheetParams, withCodeBody } from '../schemas.ts';
import { readForm } from '../uploads.ts';
import { EXCEL_MAX_BYTES, endpoint, multipartLimit } from './common.ts';

/**
 * A student's own sign-up: an admin imports the class lists (an Excel roster), each unsigned student gets an
 * auth code by SMS, and signs up with it.
 */

const unsignedStudent = endpoint({
  method: 'GET',
  path: '/v1/students/auth-code/:auth_code',
  params: authCodeParams,
  summary: 'The unsigned student an auth code belongs to (before signing up with it)',
  gateway: { auth: 'public' },
  handle: async (ctx, { params }) =>
    ok(200, 'unsigned student with this auth code', await unsignedByCode(ctx)(params.auth_code)),
});

const signUp = endpoint({
  method: 'POST',
  path: '/v1/students/with-code',
  body: withCodeBody,
  summary: 'Sign up as the unsigned student an auth code belongs to; a parent who declared them is linked',
  gateway: { auth: 'public' },
  handle: async (ctx, { body }) => {
    const uuid = await signUpWithCode(ctx)(body);
    return created(ok(201, 'signed up with the auth code', { student_uuid: uuid }));
  },
});

const joinSms = endpoint({
  method: 'POST',
  path: '/v1/join-sms/unsigned-students',
  query: joinSmsQuery,
  summary: 'Text the matching unsigned students their auth codes (to the notification outbox; admins)',
  gateway: { auth: ['admin'] },
  handle: async (ctx, { query, caller }) => {
    requireRole(caller, ['admin']);
    return ok(200, 'auth codes sent to the notification outbox', await sendJoinSms(ctx)(query));
  },
});

/** Reading a workbook takes a while; the gateway's default 3 s would cut a large one off. */
const importGateway = {
  auth: ['admin'],
  timeoutMs: 10_000,
  bodyLimitBytes: multipartLimit(EXCEL_MAX_BYTES),
} as const;
const excelUpload = { maxBytes: EXCEL_MAX_BYTES, files: 1 };

const importWorkbook = endpoint({
  method: 'POST',
  path: '/v1/unsigned-students/parsed-by/excel',
  summary: 'Import unsigned students from every sheet of an .xlsx roster (multipart "excel"; admins)',
  upload: excelUpload,
  gateway: importGateway,
  handle: async (ctx, { caller, http }) => created(await importExcel(ctx, caller, http)),
});

const importSheet = endpoint({
  method: 'POST',
  path: '/v1/unsigned-students/parsed-by/excel/sheets/:sheet',
  params: sheetParams,
  summary: 'Import unsigned students from one sheet of an .xlsx roster (multipart "excel"; admins)',
  upload: excelUpload,
  gateway: importGateway,
  handle: async (ctx, { params, caller, http }) => created(await importExcel(ctx, caller, http, params.sheet)),
});

async function importExcel(ctx: AuthContext, caller: Identity | undefined, http: FastifyRequest, sheet?: string) {
  requireRole(caller, ['admin']);
  const form = await readForm(http, 'excel', EXCEL_MAX_BYTES);
  if (!form.file || form.file.data.length === 0)
    throw badRequest('attach the .xlsx file as the "excel" field', COMMON_CODES.validationFailed);
  let sheets: Awaited<ReturnType<typeof readWorkbook>>;
  try {
    sheets = await readWorkbook(form.file.data, sheet);
  } catch (error) {
    if (!(error instanceof UnreadableWorkbook)) throw error;
    throw badRequest(`the file is not a readable .xlsx workbook (${error.message})`, COMMON_CODES.validationFailed);
  }
  if (sheet !== undefined && sheets.length === 0) throw badRequest(`the workbook has no sheet "${sheet}"`);
  const roster = readRoster(sheets);
  if (!roster.ok) throw badRequest(roster.message);
  const counts = await importRoster(ctx)(roster.students);
  return ok(201, `${counts.add_count} unsigned students added, ${counts.no_add_count} already known`, counts);
}

export const signUpEndpoints = [unsignedStudent, signUp, joinSms, importWorkbook, importSheet];
