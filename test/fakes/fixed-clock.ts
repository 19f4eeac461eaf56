import type { Clock } from '../../src/clock.js';

/** A clock tests move by hand. */
export class FixedClock implements Clock {
  private current: Date;

  constructor(start: Date | string = '2026-01-15T09:00:00.000Z') {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
