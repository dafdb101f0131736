import { IsString, Length } from 'class-validator';
import { MAX_SUBJECT_LENGTH } from '../../auth/auth.constants';
import { InboundMessageDto } from './inbound-message.dto';

/** `private_message` */
export class PrivateMessageDto extends InboundMessageDto {
  @IsString()
  @Length(1, MAX_SUBJECT_LENGTH)
  target_user_id!: string;

  @IsString()
  content!: string;
}
