import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BodyValidationPipe } from './body-validation.pipe';
import { DEV_TOKEN_ROLES } from './demo.constants';
import { DevToken, DevTokenService } from './dev-token.service';
import { DevTokenRequestDto } from './dto/dev-token-request.dto';

/**
 * `POST /dev/token {name, role}`: a token for anyone who asks. Registered only outside production
 * (see `DemoModule`), so in production the route does not exist at all.
 */
@ApiTags('Development')
@Controller('dev')
export class DevTokenController {
  constructor(private readonly tokens: DevTokenService) {}

  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'A client token for any name and role (the browser demo; never registered in production)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['name', 'role'],
      additionalProperties: false,
      properties: { name: { type: 'string', maxLength: 32, example: 'Ada', description: 'User id and display name' }, role: { type: 'string', enum: [...DEV_TOKEN_ROLES] } },
    },
  })
  @ApiOkResponse({
    description: 'A token signed with the server secret',
    schema: { type: 'object', required: ['token', 'user_id', 'expires_in'], properties: { token: { type: 'string' }, user_id: { type: 'string' }, expires_in: { type: 'integer', description: 'Seconds' } } },
  })
  @ApiBadRequestResponse({ description: 'The body is not `{name, role}` as described; `details` names the fields' })
  @Header('Cache-Control', 'no-store')
  issue(@Body(new BodyValidationPipe(DevTokenRequestDto)) body: DevTokenRequestDto): DevToken {
    return this.tokens.issue(body.name, body.role);
  }
}
