const INITIAL_CAPACITY = 8;

/**
 * A queue on a circular array that grows by doubling: O(1) `push` and `shift`, O(1) access by
 * position, O(log n) search on a key that rises with the position. Room histories use it so that
 * appending a message and dropping the oldest never copy the others; a room holding a few messages
 * does not pay for the room size limit.
 */
export class RingBuffer<T> {
  private slots: (T | undefined)[] = new Array(INITIAL_CAPACITY);
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The item at a position, 0 being the oldest. */
  at(index: number): T {
    return this.slots[(this.head + index) & (this.slots.length - 1)] as T;
  }

  push(item: T): void {
    if (this.count === this.slots.length) this.grow();
    this.slots[(this.head + this.count) & (this.slots.length - 1)] = item;
    this.count++;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) & (this.slots.length - 1);
    this.count--;
    return item;
  }

  /** Puts an item at a position, moving the newer ones up: O(n), for the rare item that arrives late. */
  insertAt(index: number, item: T): void {
    this.push(item);
    for (let i = this.count - 1; i > index; i--) this.set(i, this.at(i - 1));
    this.set(index, item);
  }

  /** Removes the item at a position, moving the newer ones down: O(n), for the rare deletion. */
  removeAt(index: number): T {
    const item = this.at(index);
    for (let i = index; i < this.count - 1; i++) this.set(i, this.at(i + 1));
    this.set(this.count - 1, undefined as T);
    this.count--;
    return item;
  }

  /** The first position whose key is at least `key` (`size` when none), keys rising with position. */
  lowerBound(key: number, keyOf: (item: T) => number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (keyOf(this.at(mid)) < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The items from position `start` (inclusive) to `end` (exclusive), oldest first. */
  slice(start: number, end = this.count): T[] {
    const items: T[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.count); i++) items.push(this.at(i));
    return items;
  }

  private set(index: number, item: T): void {
    this.slots[(this.head + index) & (this.slots.length - 1)] = item;
  }

  private grow(): void {
    const slots: (T | undefined)[] = new Array(this.slots.length * 2);
    for (let i = 0; i < this.count; i++) slots[i] = this.at(i);
    this.slots = slots;
    this.head = 0;
  }
}
