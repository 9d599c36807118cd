/** The time source of invoice dates and numbering years; injectable so tests can cross a year boundary. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
