import { Module } from '@nestjs/common';
import { ChatActivityListener } from './chat-activity.listener';
import { GameMessagesHandler } from './game-messages.handler';
import { GamesController } from './games.controller';

/** The game feature. It imports nothing from Rusty Socks: `RustySocksModule` is global. */
@Module({
  providers: [GameMessagesHandler, ChatActivityListener],
  controllers: [GamesController],
})
export class GamesModule {}
