'use strict';
// Runs in the Dockerfile's runtime stage, before `npm ci --omit=dev`: rewrites package.json so that the
// production install holds everything `node dist/main.js` loads. The package lists Nest and its
// companions as peerDependencies (a host app brings its own) and pins them in devDependencies for
// development; npm then treats them as dev dependencies of this project and `--omit=dev` leaves them
// out. Here they become dependencies at the versions devDependencies pin, which are the versions in
// package-lock.json, so `npm ci` still installs exactly the locked tree. The scripts go too: `npm start`
// would otherwise try to build first, and the image holds no sources.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const file = join(process.cwd(), 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
const dependencies = { ...pkg.dependencies };
for (const name of Object.keys(pkg.peerDependencies ?? {})) {
  const pinned = pkg.devDependencies?.[name] ?? pkg.peerDependencies[name];
  dependencies[name] ??= pinned;
}
delete pkg.devDependencies;
delete pkg.peerDependencies;
delete pkg.scripts;
pkg.dependencies = dependencies;
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
