'use strict';
/**
 * A CommonJS require hook that compiles our `.ts` files with swc as they are loaded, so a test can run
 * the real server in a child process (`node -r test/support/swc-register.js src/main.ts`) without
 * `npm run build` first. Only our TypeScript needs it: the ESM-only `@nestjs/*` 12 packages load through
 * Node's own `require(esm)` (20.19+). The options are jest.config.js's, so the child runs the code the
 * specs test. Source maps are inline: run with `--enable-source-maps` for TypeScript stack traces.
 */
const { transformSync } = require('@swc/core');
const { readFileSync } = require('node:fs');
const Module = require('node:module');

const OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
  swcrc: false,
  configFile: false,
};

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...OPTIONS, filename });
  module._compile(code, filename);
};

// A server started by test/support/instances.ts goes down with the test run that started it, even a
// run that was killed outright (no exit hook ran): its IPC channel to the parent closes, and it stops.
if (process.env.TEST_EXIT_WITH_PARENT === '1' && process.channel && require('node:worker_threads').isMainThread) {
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
