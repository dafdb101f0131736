import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/** Whether this instance should get new traffic: false from the moment it starts shutting down, and while a dependency it needs (Redis) is down. */
@Injectable()
export class ReadinessService implements BeforeApplicationShutdown {
  private draining = false;
  private readonly dependencies = new Map<string, () => boolean>();

  get ready(): boolean {
    return !this.draining && this.down().length === 0;
  }

  /** Why the instance is not ready: `draining` and the names of dependencies that are down. */
  reasons(): string[] {
    return this.draining ? ['draining', ...this.down()] : this.down();
  }

  /** Makes readiness also require `isUp` (e.g. Redis when clustered). */
  dependOn(name: string, isUp: () => boolean): void {
    this.dependencies.set(name, isUp);
  }

  /** From now on `/health/ready` answers 503 and new connections are refused. */
  startDraining(): void {
    this.draining = true;
  }

  beforeApplicationShutdown(): void {
    this.startDraining();
  }

  private down(): string[] {
    const names: string[] = [];
    for (const [name, isUp] of this.dependencies) if (!isUp()) names.push(name);
    return names;
  }
}
