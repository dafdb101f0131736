import Redis from 'ioredis';

/** A Lua script on Redis: run with its keys and arguments (EVALSHA, loading it on first use). */
export type RedisScript = (keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/** Registers a Lua script with a fixed number of keys on a client. */
export function defineScript(client: Redis, name: string, numberOfKeys: number, lua: string): RedisScript {
  client.defineCommand(name, { numberOfKeys, lua });
  const command = (client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name];
  return (keys, args) => command.call(client, ...keys, ...args);
}
