import { join } from 'node:path';

/**
 * The page's own files: `demo/` at the package root. `src/demo/` (tests) and `dist/demo/` (`npm start`)
 * are both two levels below it, so one path serves both, and `demo/` ships in the package beside `dist/`.
 */
export const DEMO_PAGE_DIR = join(__dirname, '..', '..', 'demo');

/** The client SDK as browser ES modules, emitted by `npm run build` (`scripts/build-browser-sdk.js`). */
export const DEMO_SDK_DIR = join(__dirname, '..', '..', 'dist', 'browser');

/** Lifetime of a development token: a working day, so a demo session does not end in 4403. */
export const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

/** The roles the development token route hands out (Guests are what anonymous clients already are). */
export const DEV_TOKEN_ROLES = ['member', 'moderator', 'admin', 'owner'] as const;

/** A role the development token route hands out. */
export type DevTokenRole = (typeof DEV_TOKEN_ROLES)[number];
