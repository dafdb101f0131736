import { Role } from '../moderation/role';

/** Who is behind a connection, as established when it was accepted. */
export interface Principal {
  /** `sub` of the token, or `anon-<uuid>` for an anonymous guest. */
  readonly userId: string;
  /** Display name, already HTML-escaped for the wire. */
  readonly username: string;
  /** Global role from the token's `role` claim (Guest for anonymous users). */
  globalRole: Role;
  /** False for anonymous guests. */
  readonly authenticated: boolean;
  /** When the token stops being valid, in ms since the epoch (without the clock tolerance); absent for guests. */
  expiresAt?: number;
}
