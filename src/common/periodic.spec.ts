import { every } from './periodic';

describe('every', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs the task each period, reports failures and keeps running, and stops when told', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const stop = every(
      1000,
      () => {
        runs++;
        if (runs === 1) throw new Error('sync failure');
        if (runs === 2) return Promise.reject(new Error('async failure'));
        return undefined;
      },
      (err) => errors.push((err as Error).message),
    );
    jest.advanceTimersByTime(3000);
    await Promise.resolve();
    expect(runs).toBe(3);
    expect(errors).toEqual(['sync failure', 'async failure']);
    stop();
    jest.advanceTimersByTime(5000);
    expect(runs).toBe(3);
  });
});
