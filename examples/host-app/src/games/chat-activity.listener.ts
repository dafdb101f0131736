import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { RustySocksEvents } from 'rusty-socks';

/** Counts chat messages per room from Rusty Socks' domain events (what a host would feed to analytics). */
@Injectable()
export class ChatActivityListener implements OnModuleInit, OnModuleDestroy {
  private readonly perRoom = new Map<string, number>();
  private off?: () => void;

  constructor(private readonly events: RustySocksEvents) {}

  onModuleInit(): void {
    this.off = this.events.on('message.sent', (e) => {
      if (e.roomId !== null) this.perRoom.set(e.roomId, (this.perRoom.get(e.roomId) ?? 0) + 1);
    });
  }

  onModuleDestroy(): void {
    this.off?.();
  }

  messagesIn(roomId: string): number {
    return this.perRoom.get(roomId) ?? 0;
  }
}
