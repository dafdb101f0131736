/** Work refused because every worker is busy and the queue is full. */
export class PoolSaturatedError extends Error {
  constructor() {
    super('Worker pool queue is full');
    this.name = 'PoolSaturatedError';
  }
}
