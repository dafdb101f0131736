/** The time source every service reads, so tests can move time instead of sleeping. */
export abstract class Clock {
  /** Milliseconds since the epoch. */
  abstract now(): number;

  /** RFC 3339 UTC with milliseconds and a `Z`, as every timestamp on the wire. */
  isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

/** The wall clock. */
export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}

/** A clock that only moves when told: for tests and simulations that must not wait for real time. */
export class ManualClock extends Clock {
  constructor(private time = Date.now()) {
    super();
  }

  now(): number {
    return this.time;
  }

  /** Moves time forward. */
  advance(ms: number): void {
    this.time += ms;
  }
}
