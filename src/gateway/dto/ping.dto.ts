import { InboundMessageDto } from './inbound-message.dto';

/** `ping` (no fields). */
export class PingDto extends InboundMessageDto {}
