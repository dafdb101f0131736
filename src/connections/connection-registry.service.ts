import { Injectable } from '@nestjs/common';
import { ClientConnection } from './client-connection';

/** Connection counters, read by `/stats` and `/metrics`. */
export interface ConnectionCounters {
  /** Connections accepted since start. */
  total: number;
  /** Connections refused: at admission (HTTP), for a bad token (4401) or too many per user (4429). */
  rejected: number;
  /** Frames received from clients since start. */
  received: number;
}

/** The connections open on this instance, by id and by user. */
@Injectable()
export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<ClientConnection>>();
  private open = 0;
  readonly counters: ConnectionCounters = { total: 0, rejected: 0, received: 0 };

  /** Registers a connection; returns how many connections its user now has here. */
  add(connection: ClientConnection): number {
    const userId = connection.principal.userId;
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(connection);
    this.open++;
    this.counters.total++;
    return set.size;
  }

  /** Forgets a connection; returns how many connections its user still has here. */
  remove(connection: ClientConnection): number {
    const userId = connection.principal.userId;
    const set = this.byUser.get(userId);
    if (!set?.delete(connection)) return set?.size ?? 0;
    this.open--;
    if (set.size === 0) this.byUser.delete(userId);
    return set.size;
  }

  /** The user's open connections on this instance. */
  ofUser(userId: string): ReadonlySet<ClientConnection> {
    return this.byUser.get(userId) ?? EMPTY;
  }

  /** Open connections on this instance. */
  get size(): number {
    return this.open;
  }

  /** Every open connection (for shutdown). */
  *all(): IterableIterator<ClientConnection> {
    for (const set of this.byUser.values()) yield* set;
  }
}

const EMPTY: ReadonlySet<ClientConnection> = new Set();
