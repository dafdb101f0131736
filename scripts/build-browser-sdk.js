'use strict';
// `npm run build` step two: the client SDK (src/client) as ES modules for browsers, in dist/browser/,
// which the demo page imports. tsc keeps import specifiers as written ('./protocol'), but a browser
// resolves them as URLs and needs the file name: this adds `.js` to each relative specifier, then
// checks that every one names an emitted file, so a specifier the rewrite missed fails the build.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'dist', 'browser');
/** `from './x'` and `import('./x')`: the only forms tsc emits for relative modules. */
const RELATIVE = /(\bfrom\s*|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"\n]+?)\2/g;

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.browser.json')], { stdio: 'inherit' });

for (const name of readdirSync(OUT).filter((n) => n.endsWith('.js'))) {
  const file = join(OUT, name);
  const source = readFileSync(file, 'utf8');
  const rewritten = source.replace(RELATIVE, (_, lead, quote, spec) => {
    const withExt = spec.endsWith('.js') ? spec : `${spec}.js`;
    if (!existsSync(resolve(dirname(file), withExt))) throw new Error(`${name}: import '${spec}' names no emitted file`);
    return `${lead}${quote}${withExt}${quote}`;
  });
  if (rewritten !== source) writeFileSync(file, rewritten);
}
// Node, too, then reads these files as the ES modules they are (the package itself is CommonJS).
writeFileSync(join(OUT, 'package.json'), '{ "type": "module" }\n');
