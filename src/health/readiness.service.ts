import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/** Whether this instance should get new traffic; false from the moment it starts shutting down. */
@Injectable()
export class ReadinessService implements BeforeApplicationShutdown {
  private draining = false;

  get ready(): boolean {
    return !this.draining;
  }

  /** From now on `/health/ready` answers 503 and new connections are refused. */
  startDraining(): void {
    this.draining = true;
  }

  beforeApplicationShutdown(): void {
    this.startDraining();
  }
}
