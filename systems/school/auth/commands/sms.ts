import type { Tx } from '@mosaic/kit/store';
import type { SmsRequested } from '../../contracts/events.ts';
import { accounts } from '../store/accounts.ts';
import { notifications } from '../store/notifications.ts';
import type { AuthTables } from '../store/tables.ts';

/** Policy: whenever SmsRequested then the message goes to the outbox, to the account's phone. */
export async function deliverSms(tx: Tx<AuthTables>, message: SmsRequested, at: string): Promise<boolean> {
  const repo = accounts(tx.db);
  let target: { uuid: string; phone_number: string | null } | undefined;
  if (message.to_uuid) {
    target =
      (await repo.student({ uuid: message.to_uuid })) ??
      (await repo.teacher({ uuid: message.to_uuid })) ??
      (await repo.parent({ uuid: message.to_uuid }));
  } else if (message.to_parent_of) {
    const student = await repo.student({ uuid: message.to_parent_of });
    target = student?.parent_uuid ? await repo.parent({ uuid: student.parent_uuid }) : undefined;
  } else if (message.to_homeroom_of) {
    const student = await repo.student({ uuid: message.to_homeroom_of });
    target = student ? await repo.homeroomTeacher(student.grade, student.group_no) : undefined;
  }
  if (!target?.phone_number || target.uuid === message.except_uuid) return false;
  await notifications(tx.db).add(
    { to_uuid: target.uuid, phone_number: target.phone_number, text: message.text, reason: message.reason },
    at,
  );
  return true;
}
