import fc from 'fast-check';
import { RingBuffer } from './ring-buffer';

type Op = { op: 'push'; value: number } | { op: 'shift' } | { op: 'insert'; at: number; value: number } | { op: 'remove'; at: number };

describe('RingBuffer', () => {
  it('behaves like an array under any mix of push, shift, insertAt and removeAt, across growth and wrap-around', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 4, arbitrary: fc.integer().map((value) => ({ op: 'push' as const, value })) },
      { weight: 3, arbitrary: fc.constant({ op: 'shift' as const }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), value: fc.integer() }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), at: fc.nat() }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const ring = new RingBuffer<number>();
        const model: number[] = [];
        for (const o of ops) {
          if (o.op === 'push') (ring.push(o.value), model.push(o.value));
          else if (o.op === 'shift') expect(ring.shift()).toBe(model.shift());
          else if (o.op === 'insert') {
            const at = o.at % (model.length + 1);
            ring.insertAt(at, o.value);
            model.splice(at, 0, o.value);
          } else if (model.length > 0) {
            const at = o.at % model.length;
            expect(ring.removeAt(at)).toBe(model.splice(at, 1)[0]);
          }
          expect(ring.size).toBe(model.length);
        }
        expect(ring.slice(0)).toEqual(model);
      }),
    );
  });

  it('finds the first position whose key is at least a value, and slices clamp to the contents', () => {
    const ring = new RingBuffer<{ offset: number }>();
    for (const offset of [3, 5, 6, 9]) ring.push({ offset });
    const key = (m: { offset: number }): number => m.offset;
    expect([0, 3, 4, 6, 7, 9, 10].map((k) => ring.lowerBound(k, key))).toEqual([0, 0, 1, 2, 3, 3, 4]);
    expect(ring.slice(-5, 2).map(key)).toEqual([3, 5]);
    expect(ring.slice(3, 99).map(key)).toEqual([9]);
  });
});
