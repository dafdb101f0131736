import { ConfigError } from './config.error';
import { envName, OPTION_SPECS } from './options.schema';
import { RustySocksOptions } from './rusty-socks-options.interface';

/**
 * Reads the `RUSTY_SOCKS_*` variables (and `NODE_ENV`) into options. The only place that looks at
 * the environment; an unparsable value throws a `ConfigError` naming the variable.
 */
export function parseEnv(env: NodeJS.ProcessEnv = process.env): Partial<RustySocksOptions> {
  const options: Partial<Record<keyof RustySocksOptions, unknown>> = { production: env.NODE_ENV === 'production' };
  for (const s of OPTION_SPECS) {
    const raw = env[envName(s)];
    if (raw === undefined || raw.trim() === '') continue;
    try {
      options[s.key] = s.parse(raw);
    } catch (err) {
      throw new ConfigError(`Invalid ${envName(s)}=${JSON.stringify(raw.length > 80 ? raw.slice(0, 80) + '…' : raw)}: ${(err as Error).message}`);
    }
    const problem = s.check?.(options[s.key] as never);
    if (problem) throw new ConfigError(`Invalid ${envName(s)}=${JSON.stringify(raw)}: ${problem}`);
  }
  return options as Partial<RustySocksOptions>;
}
