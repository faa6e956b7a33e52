import { defineSaga } from '@mosaic/kit/sagas';

/**
 * A booking's approval (the seed's T3–T7): booking records it REQUESTED, confirm queues the request and an
 * admin approves it (ConfirmCompleted). A cancellation — by its booker, an admin, or the admin's denial, which
 * cancels the booking synchronously — ends it. The step has no compensation for the kit to await: the request
 * of a cancelled booking is withdrawn by confirm itself, and a denied one has nothing to undo. No timeout:
 * an admin may take days. booking keeps the record (`/admin/sagas/approval/<bookingId>`).
 */
export const approvalSaga = defineSaga({
  name: 'approval',
  owner: 'booking',
  subject: 'bookingId',
  steps: [{ name: 'approve', by: 'confirm', on: 'BookingCreated', done: 'ConfirmCompleted' }],
  cancelledBy: 'BookingCancelled',
});

/**
 * An approved booking's use (the seed's U1–U2): its booker checks in and out through realuse, which asks
 * booking synchronously each time (IN_USE, then USED). A booking nobody checked in is a no-show, which ends
 * it. That deadline is 15 minutes after the booking's own start, not a fixed time after the approval, so
 * booking's sweep decides it (booking/service.ts) rather than a step timeout. realuse keeps the record
 * (`/admin/sagas/use/<bookingId>`).
 */
export const useSaga = defineSaga({
  name: 'use',
  owner: 'realuse',
  subject: 'bookingId',
  steps: [
    { name: 'check-in', by: 'booking', call: true, on: 'ConfirmCompleted', done: 'UseStarted' },
    { name: 'check-out', by: 'booking', call: true, on: 'UseStarted', done: 'UseEnded' },
  ],
  cancelledBy: 'BookingNoShow',
});
