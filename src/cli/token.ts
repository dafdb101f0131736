import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/config.error';
import { parseEnv } from '../config/env.parser';
import { resolveOptions } from '../config/options.resolver';
import { parseRole, roleName } from '../moderation/role';

const USAGE = 'usage: npm run token -- --sub <user id> [--username <name>] [--role owner|admin|moderator|member|guest] [--ttl <seconds>]';

/** Prints a client token signed with the configured secret (`RUSTY_SOCKS_JWT_SECRET`, or the development one). */
function main(): void {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      username: { type: 'string' },
      role: { type: 'string', default: 'member' },
      ttl: { type: 'string', default: '3600' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.sub) fail(USAGE);
  const role = parseRole(values.role);
  if (role === undefined) fail(`unknown role "${values.role}"\n${USAGE}`);
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) fail(`--ttl must be a positive number of seconds\n${USAGE}`);

  let options;
  try {
    options = resolveOptions(parseEnv());
  } catch (err) {
    if (err instanceof ConfigError) fail(`configuration error: ${err.message}`);
    throw err;
  }
  if (options.usingDevelopmentSecret) console.error('warning: RUSTY_SOCKS_JWT_SECRET is not set; signing with the built-in development secret');
  const jwt = new JwtService({ secret: createSecretKey(Buffer.from(options.jwtSecret, 'utf8')) });
  const claims: Record<string, unknown> = { sub: values.sub, role: roleName(role).toLowerCase() };
  if (values.username) claims.username = values.username;
  const token = jwt.sign(claims, {
    algorithm: 'HS256',
    expiresIn: ttl,
    ...(options.jwtAudience ? { audience: options.jwtAudience } : {}),
    ...(options.jwtIssuer ? { issuer: options.jwtIssuer } : {}),
  });
  process.stdout.write(token + '\n');
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

main();
