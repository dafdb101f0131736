import { ManualClock } from '../common/clock';
import { LogSampler } from './log-sampler';

describe('LogSampler', () => {
  it('lets the first occurrence of each key through per window, and again once the window has passed', () => {
    const clock = new ManualClock(0);
    const sampler = new LogSampler(clock, 60_000);
    expect([sampler.first('1.2.3.4'), sampler.first('1.2.3.4'), sampler.first('5.6.7.8')]).toEqual([true, false, true]);
    clock.advance(59_999);
    expect(sampler.first('1.2.3.4')).toBe(false);
    clock.advance(1);
    expect([sampler.first('1.2.3.4'), sampler.first('1.2.3.4')]).toEqual([true, false]);
  });

  it('remembers at most 10,000 keys a window, treating further new keys as repeats', () => {
    const clock = new ManualClock(0);
    const sampler = new LogSampler(clock, 60_000);
    for (let i = 0; i < 10_000; i++) expect(sampler.first(`ip-${i}`)).toBe(true);
    expect(sampler.first('one-more')).toBe(false);
    clock.advance(60_000);
    expect(sampler.first('one-more')).toBe(true);
  });
});
