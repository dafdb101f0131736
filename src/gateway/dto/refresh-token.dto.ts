import { IsString, Length } from 'class-validator';
import { InboundMessageDto } from './inbound-message.dto';

/** `refresh_token` */
export class RefreshTokenDto extends InboundMessageDto {
  @IsString()
  @Length(1, 8192)
  token!: string;
}
