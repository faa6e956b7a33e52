import type { Envelope } from '@mosaic/kit/messaging';
import type { Tx } from '@mosaic/kit/store';
import type { Kysely, Selectable } from 'kysely';
import { applyToBookingList, type BookingListRow, emptyBookingList } from './booking-list.ts';
import { applyToRoomUseList, emptyRoomUseList, type RoomUseListRow } from './room-use-list.ts';
import type { ListTables } from './store.ts';

type BookingListRecord = Selectable<ListTables['booking_lists']>;
type RoomUseListRecord = Selectable<ListTables['room_use_lists']>;

const fromBookingList = (r: BookingListRecord): BookingListRow & { id: number } => ({
  id: Number(r.id),
  bookingId: Number(r.booking_id),
  bookingUserId: r.booking_user_id,
  roomId: r.room_id === null ? null : Number(r.room_id),
  useStartDtm: r.use_start_dtm,
  useEndDtm: r.use_end_dtm,
  slotEventId: r.slot_event_id,
  bookingDtm: r.booking_dtm,
  bookingStatus: r.booking_status,
  confirmId: r.confirm_id === null ? null : Number(r.confirm_id),
  confirmStatus: r.confirm_status,
  confirmUserId: r.confirm_user_id,
  confirmDtm: r.confirm_dtm,
});

const toBookingList = (r: BookingListRow) => ({
  booking_id: r.bookingId,
  booking_user_id: r.bookingUserId,
  room_id: r.roomId,
  use_start_dtm: r.useStartDtm,
  use_end_dtm: r.useEndDtm,
  slot_event_id: r.slotEventId,
  booking_dtm: r.bookingDtm,
  booking_status: r.bookingStatus,
  confirm_id: r.confirmId,
  confirm_status: r.confirmStatus,
  confirm_user_id: r.confirmUserId,
  confirm_dtm: r.confirmDtm,
});

const fromRoomUseList = (r: RoomUseListRecord): RoomUseListRow & { id: number } => ({
  id: Number(r.id),
  bookingId: Number(r.booking_id),
  roomId: r.room_id === null ? null : Number(r.room_id),
  bookingUserId: r.booking_user_id,
  bookedUseStartDtm: r.booked_use_start_dtm,
  bookedUseEndDtm: r.booked_use_end_dtm,
  slotEventId: r.slot_event_id,
  realuseId: r.realuse_id === null ? null : Number(r.realuse_id),
  realUseStartDtm: r.real_use_start_dtm,
  realUseEndDtm: r.real_use_end_dtm,
});

const toRoomUseList = (r: RoomUseListRow) => ({
  booking_id: r.bookingId,
  room_id: r.roomId,
  booking_user_id: r.bookingUserId,
  booked_use_start_dtm: r.bookedUseStartDtm,
  booked_use_end_dtm: r.bookedUseEndDtm,
  slot_event_id: r.slotEventId,
  realuse_id: r.realuseId,
  real_use_start_dtm: r.realUseStartDtm,
  real_use_end_dtm: r.realUseEndDtm,
});

/** The booking an event is about: every rooms event's subject is its booking's id. */
const bookingOf = (event: Envelope) => Number(event.subject);

/** Applies one event to the booking's bookingLists row (made on the first event that names the booking). */
export async function projectBookingList(tx: Tx<ListTables>, event: Envelope): Promise<void> {
  const bookingId = bookingOf(event);
  const found = await tx.db
    .selectFrom('booking_lists')
    .selectAll()
    .where('booking_id', '=', bookingId)
    .forUpdate()
    .executeTakeFirst();
  const next = applyToBookingList(found ? fromBookingList(found) : emptyBookingList(bookingId), event);
  const { booking_id: _id, ...values } = toBookingList(next);
  if (found) await tx.db.updateTable('booking_lists').set(values).where('booking_id', '=', bookingId).execute();
  else await tx.db.insertInto('booking_lists').values(toBookingList(next)).execute();
}

export async function projectRoomUseList(tx: Tx<ListTables>, event: Envelope): Promise<void> {
  const bookingId = bookingOf(event);
  const found = await tx.db
    .selectFrom('room_use_lists')
    .selectAll()
    .where('booking_id', '=', bookingId)
    .forUpdate()
    .executeTakeFirst();
  const next = applyToRoomUseList(found ? fromRoomUseList(found) : emptyRoomUseList(bookingId), event);
  const { booking_id: _id, ...values } = toRoomUseList(next);
  if (found) await tx.db.updateTable('room_use_lists').set(values).where('booking_id', '=', bookingId).execute();
  else await tx.db.insertInto('room_use_lists').values(toRoomUseList(next)).execute();
}

export interface ListFilter {
  bookingId?: number | undefined;
  bookingUserId?: string | undefined;
  page: number;
  size: number;
}

export function lists(db: Kysely<ListTables>) {
  return {
    async bookingLists(filter: ListFilter) {
      let query = db.selectFrom('booking_lists').selectAll();
      if (filter.bookingId) query = query.where('booking_id', '=', filter.bookingId);
      if (filter.bookingUserId) query = query.where('booking_user_id', '=', filter.bookingUserId);
      const rows = await query
        .orderBy('booking_id', 'desc')
        .limit(filter.size)
        .offset(filter.page * filter.size)
        .execute();
      return rows.map(fromBookingList);
    },
    async bookingList(id: number) {
      const row = await db.selectFrom('booking_lists').selectAll().where('id', '=', id).executeTakeFirst();
      return row && fromBookingList(row);
    },
    async roomUseLists(filter: ListFilter) {
      let query = db.selectFrom('room_use_lists').selectAll();
      if (filter.bookingId) query = query.where('booking_id', '=', filter.bookingId);
      if (filter.bookingUserId) query = query.where('booking_user_id', '=', filter.bookingUserId);
      const rows = await query
        .orderBy('booking_id', 'desc')
        .limit(filter.size)
        .offset(filter.page * filter.size)
        .execute();
      return rows.map(fromRoomUseList);
    },
    async roomUseList(id: number) {
      const row = await db.selectFrom('room_use_lists').selectAll().where('id', '=', id).executeTakeFirst();
      return row && fromRoomUseList(row);
    },
  };
}
