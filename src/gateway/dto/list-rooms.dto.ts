import { InboundMessageDto } from './inbound-message.dto';

/** `list_rooms` (no fields). */
export class ListRoomsDto extends InboundMessageDto {}
