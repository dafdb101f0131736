import { join } from 'node:path';

/** The file the worker threads load; a `.js` file beside this one in both `src/` and `dist/`. */
export const POOL_TASKS_FILE = join(__dirname, 'pool-tasks.worker.js');
