import { Allow } from 'class-validator';

/**
 * What every inbound message has. `type` and `request_id` are checked by the frame decoder before a
 * handler runs; the DTOs of each type extend this class, which is how the validation pipe knows them.
 */
export abstract class InboundMessageDto {
  @Allow()
  type!: string;

  @Allow()
  request_id?: string;
}
