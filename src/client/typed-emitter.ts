/** A listener of event `K` of map `E`. */
export type Listener<E, K extends keyof E> = (payload: E[K]) => void;

/**
 * A minimal typed event emitter that runs in browsers and Node alike (Node's `EventEmitter` is not
 * in browsers, and its `error` event would throw when nobody listens).
 */
export class TypedEmitter<E> {
  private readonly listeners = new Map<keyof E, Set<(payload: never) => void>>();

  on<K extends keyof E>(type: K, listener: Listener<E, K>): this {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return this;
  }

  off<K extends keyof E>(type: K, listener: Listener<E, K>): this {
    this.listeners.get(type)?.delete(listener as (payload: never) => void);
    return this;
  }

  protected emit<K extends keyof E>(type: K, payload: E[K]): void {
    const set = this.listeners.get(type);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<E, K>)(payload);
      } catch (err) {
        // A faulty listener must not break frame handling nor stop the other listeners: report it.
        const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
        if (report) report(err);
        else console.error(err);
      }
    }
  }
}
