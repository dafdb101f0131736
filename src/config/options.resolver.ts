import { existsSync } from 'node:fs';
import { ConfigError } from './config.error';
import { DEFAULT_OPTIONS, DEVELOPMENT_JWT_SECRET, PLACEHOLDER_SECRETS } from './options.defaults';
import { envName, OPTION_SPECS } from './options.schema';
import { ResolvedOptions, RustySocksOptions } from './rusty-socks-options.interface';

/**
 * Merges the defaults into what was given and checks the result once, so services can trust every
 * field. Throws a `ConfigError` naming the option (and its variable) for anything unusable.
 */
export function resolveOptions(input: Partial<RustySocksOptions> = {}): ResolvedOptions {
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<RustySocksOptions>;
  const production = given.production ?? DEFAULT_OPTIONS.production;
  const merged: RustySocksOptions = { ...DEFAULT_OPTIONS, allowAnonymous: !production, demo: !production, ...given };

  for (const s of OPTION_SPECS) {
    const problem = s.check?.(merged[s.key] as never);
    if (problem) throw new ConfigError(`Invalid ${s.key} (${envName(s)}): ${problem}`);
  }
  if (merged.enableTls) {
    for (const key of ['tlsCertPath', 'tlsKeyPath'] as const) {
      const path = merged[key];
      if (!path || !existsSync(path)) {
        throw new ConfigError(`Invalid ${key} (RUSTY_SOCKS_${key === 'tlsCertPath' ? 'TLS_CERT_PATH' : 'TLS_KEY_PATH'}): ENABLE_TLS needs a readable file`);
      }
    }
  }

  if (merged.pingIntervalSeconds >= merged.idleTimeoutSeconds) {
    throw new ConfigError(
      `Invalid pingIntervalSeconds (RUSTY_SOCKS_PING): ${merged.pingIntervalSeconds} s must be shorter than the idle timeout (RUSTY_SOCKS_TIMEOUT, ${merged.idleTimeoutSeconds} s), or live but quiet clients are closed`,
    );
  }

  const secret = merged.jwtSecret?.length ? merged.jwtSecret : undefined;
  if (production) {
    if (!secret) throw new ConfigError('Invalid jwtSecret (RUSTY_SOCKS_JWT_SECRET): required when NODE_ENV=production');
    if (secret.length < 32) throw new ConfigError('Invalid jwtSecret (RUSTY_SOCKS_JWT_SECRET): must be at least 32 characters in production');
    if (PLACEHOLDER_SECRETS.includes(secret.trim().toLowerCase())) {
      throw new ConfigError('Invalid jwtSecret (RUSTY_SOCKS_JWT_SECRET): a placeholder secret is refused in production');
    }
  }
  return Object.freeze({
    ...merged,
    jwtSecret: secret ?? DEVELOPMENT_JWT_SECRET,
    usingDevelopmentSecret: secret === undefined,
  });
}
