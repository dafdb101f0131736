import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('puts each observation in the first bucket whose bound it does not exceed, and past the last bound in the overflow slot', () => {
    const h = new LatencyHistogram([0.001, 0.01, 0.1]);
    for (const s of [0, 0.001, 0.0011, 0.01, 0.05, 0.1, 0.2, 3]) h.observe(s);
    expect(h.counts).toEqual([2, 2, 2, 2]);
    expect(h.count).toBe(8);
    expect(h.sum).toBeCloseTo(3.3621, 10);
  });

  it('measures from a performance.now() start', () => {
    const h = new LatencyHistogram([1]);
    h.observeSince(performance.now() - 20);
    expect(h.counts).toEqual([1, 0]);
    expect(h.sum).toBeGreaterThanOrEqual(0.02);
    expect(h.sum).toBeLessThan(1);
  });
});
