import type { Envelope } from '@mosaic/kit/messaging';
import type { EventData } from '../contracts/events.ts';

/**
 * roomUseLists (the seed's U3 view): booked versus real start and end of each booking, with its booker (the
 * seed's typo left it null, R-B9). Built only from events; a late or repeated event changes nothing it should
 * not: the real times are set once, and the booked slot is the one of the latest event that named it.
 */
export interface RoomUseListRow {
  bookingId: number;
  roomId: number | null;
  bookingUserId: string | null;
  bookedUseStartDtm: string | null;
  bookedUseEndDtm: string | null;
  slotEventId: string | null;
  realuseId: number | null;
  realUseStartDtm: string | null;
  realUseEndDtm: string | null;
}

export const ROOM_USE_LIST_EVENTS = ['BookingCreated', 'BookingChanged', 'UseStarted', 'UseEnded'] as const;

export const emptyRoomUseList = (bookingId: number): RoomUseListRow => ({
  bookingId,
  roomId: null,
  bookingUserId: null,
  bookedUseStartDtm: null,
  bookedUseEndDtm: null,
  slotEventId: null,
  realuseId: null,
  realUseStartDtm: null,
  realUseEndDtm: null,
});

type Slotted = Pick<EventData<'BookingCreated'>, 'roomId' | 'bookingUserId' | 'useStartDtm' | 'useEndDtm'>;
type Used = Partial<EventData<'UseEnded'>> & { id: number };

export function applyToRoomUseList(row: RoomUseListRow, event: Envelope): RoomUseListRow {
  const next = { ...row };
  const slot = event.data as Slotted;
  next.roomId ??= slot.roomId;
  next.bookingUserId ??= slot.bookingUserId;
  if (next.slotEventId === null || event.id > next.slotEventId) {
    next.bookedUseStartDtm = slot.useStartDtm;
    next.bookedUseEndDtm = slot.useEndDtm;
    next.slotEventId = event.id;
  }
  if (event.type === 'UseStarted' || event.type === 'UseEnded') {
    const used = event.data as Used;
    next.realuseId ??= used.id;
    next.realUseStartDtm ??= used.realUseStartDtm ?? null;
    next.realUseEndDtm ??= used.realUseEndDtm ?? null;
  }
  return next;
}
