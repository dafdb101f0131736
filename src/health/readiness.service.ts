import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/** Whether this instance should get new traffic; false from the moment it starts shutting down. */
@Injectable()
export class ReadinessService implements BeforeApplicationShutdown {
  private draining = false;

  get ready(): boolean {
    return !this.draining;
  }

  beforeApplicationShutdown(): void {
    this.draining = true;
  }
}
