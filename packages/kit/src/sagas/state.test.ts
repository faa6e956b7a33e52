import { describe, expect, it } from 'vitest';
import { defineSaga } from './define.ts';
import { type SagaEvent, sagaState } from './state.ts';

const trip = defineSaga({
  name: 'trip',
  owner: 'trips',
  subject: 'tripId',
  steps: [
    { name: 'pay', by: 'bank', call: true, on: 'TripBooked', done: 'Paid', compensate: 'Refunded', timeoutMs: 1000 },
    { name: 'hotel', by: 'hotels', on: 'Paid', done: 'HotelReserved', compensate: 'HotelReleased' },
    { name: 'ride', by: 'cars', on: 'HotelReserved', started: 'CarSent', done: 'Arrived', compensate: 'CarRecalled' },
  ],
  cancelledBy: 'TripCancelled',
});

let n = 0;
const at = (type: string, time = '2026-12-06T10:00:00.000Z'): SagaEvent => ({ type, id: `e${++n}`, time });

describe('where a saga stands', () => {
  it('runs the first step not done, with its deadline counted from the event that started it', () => {
    expect(sagaState(trip, [at('TripBooked')])).toEqual({
      status: 'running',
      step: 'pay',
      done: [],
      awaiting: [],
      deadline: '2026-12-06T10:00:01.000Z',
    });
    const paid = sagaState(trip, [at('TripBooked'), at('Paid')]);
    expect(paid).toMatchObject({ status: 'running', step: 'hotel', done: ['pay'], deadline: undefined });
  });

  it('is completed when its last step is done, whatever order the events arrived in', () => {
    const events = [at('Arrived'), at('HotelReserved'), at('TripBooked'), at('Paid'), at('CarSent')];
    expect(sagaState(trip, events)).toMatchObject({
      status: 'completed',
      step: 'ride',
      done: ['pay', 'hotel', 'ride'],
    });
  });

  it('awaits the compensation of every step done or started once cancelled, and is compensated when all arrived', () => {
    const cancelled = [at('TripBooked'), at('Paid'), at('HotelReserved'), at('CarSent'), at('TripCancelled')];
    expect(sagaState(trip, cancelled)).toMatchObject({
      status: 'compensating',
      awaiting: ['Refunded', 'HotelReleased', 'CarRecalled'],
    });
    const undone = [...cancelled, at('CarRecalled'), at('Refunded'), at('HotelReleased')];
    expect(sagaState(trip, undone)).toMatchObject({ status: 'compensated', awaiting: [] });
  });

  it('awaits nothing for a step that neither started nor finished (a payment that never went through)', () => {
    expect(sagaState(trip, [at('TripBooked'), at('TripCancelled')])).toMatchObject({
      status: 'compensated',
      step: 'pay',
      done: [],
      awaiting: [],
    });
  });
});

describe('declaring a saga', () => {
  it('refuses two steps with one name, and one with no steps', () => {
    const step = { name: 'pay', by: 'bank', on: 'A', done: 'B' };
    expect(() => defineSaga({ name: 's', owner: 'o', subject: 'id', steps: [step, step], cancelledBy: 'C' })).toThrow(
      /two steps named pay/,
    );
    expect(() => defineSaga({ name: 's', owner: 'o', subject: 'id', steps: [], cancelledBy: 'C' })).toThrow(/no steps/);
  });

  it('follows every event its steps name, and its cancel', () => {
    expect(trip.events).toEqual([
      'TripBooked',
      'Paid',
      'Refunded',
      'HotelReserved',
      'HotelReleased',
      'CarSent',
      'Arrived',
      'CarRecalled',
      'TripCancelled',
    ]);
  });
});
