import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { DEV_TOKEN_ROLES, DevTokenRole } from '../demo.constants';

/** Words of letters, digits, `_`, `.` and `-`, separated by single spaces: nothing invisible or misleading. */
const DEMO_NAME = /^[\p{L}\p{N}_.-]+(?: [\p{L}\p{N}_.-]+)*$/u;

/** The body of `POST /dev/token`. */
export class DevTokenRequestDto {
  /** Becomes both the user id (`sub`) and the display name: the same name is the same user. */
  @IsString()
  @MaxLength(32)
  @Matches(DEMO_NAME, { message: 'name must be 1-32 letters, digits, "_", "." or "-", with single spaces between words' })
  name!: string;

  @IsIn(DEV_TOKEN_ROLES)
  role!: DevTokenRole;
}
