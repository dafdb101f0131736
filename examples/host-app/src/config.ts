/** The host's own settings, read once from the environment it is given (`process.env` in `main.ts`). */
export interface GameConfig {
  port: number;
  /** The key the REST API wants in `x-api-key`. */
  apiKey: string;
  /** The secret the game's login service signs player JWTs with; Rusty Socks verifies them. */
  jwtSecret: string;
  /** Moves per minute a player may send (`RUSTY_SOCKS`' `chat` budget, shared with chat messages). */
  movesPerMinute: number;
  /** HTTP requests per minute per client IP and route (the host's own `@nestjs/throttler` limit). */
  httpRequestsPerMinute: number;
}

export function gameConfig(env: Record<string, string | undefined>): GameConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} must be set`);
    return value;
  };
  return {
    port: Number(env.PORT ?? 3000),
    apiKey: required('GAME_API_KEY'),
    jwtSecret: required('GAME_JWT_SECRET'),
    movesPerMinute: Number(env.GAME_MOVES_PER_MINUTE ?? 60),
    httpRequestsPerMinute: Number(env.HTTP_REQUESTS_PER_MINUTE ?? 100),
  };
}
