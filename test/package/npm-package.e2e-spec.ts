import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * What `npm publish` would ship, checked like a user of the package would meet it: the file list of
 * `npm pack`, then the real tarball unpacked into a consumer's `node_modules`, required from Node and
 * type-checked from TypeScript (the example host app compiled against the packed declarations).
 * Everything happens in a temporary copy: a fresh build (the shared `dist/` is left alone) and no
 * network (npm runs offline; the consumer's dependencies are links into this repository's `node_modules`).
 */
const ROOT = join(__dirname, '..', '..');
const NODE_MODULES = join(ROOT, 'node_modules');
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.browser.json', 'src', 'scripts'];

interface PackedFile {
  path: string;
}
interface PackageJson {
  name: string;
  main: string;
  types: string;
  exports: Record<string, string | Record<string, string>>;
  files: string[];
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const env = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const run = (cmd: string, args: string[], cwd: string): string => execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });

describe('the npm package', () => {
  let work: string;
  let stage: string;
  let pkg: PackageJson;
  let files: string[];
  let consumer: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'rusty-socks-pack-'));
    stage = join(work, 'stage');
    pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
    // The build's inputs and every non-build entry of "files" (README, docs, ...), then the project's own build.
    const shipped = pkg.files.filter((f) => !f.startsWith('!') && !f.startsWith('dist'));
    for (const entry of [...BUILD_INPUTS, ...shipped]) {
      if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
    }
    symlinkSync(NODE_MODULES, join(stage, 'node_modules'), 'dir');
    run('npm', ['run', 'build', '--silent'], stage);

    const [dry] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], stage)) as { files: PackedFile[] }[];
    files = dry.files.map((f) => f.path);

    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], stage)) as { filename: string }[];
    consumer = join(work, 'consumer');
    const installed = join(consumer, 'node_modules', 'rusty-socks');
    mkdirSync(installed, { recursive: true });
    run('tar', ['-xzf', join(work, packed.filename), '-C', installed, '--strip-components=1'], work);
    // What the host's own `npm install` would have put next to it: our dependencies and peers, and what the example imports.
    const needed = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies ?? {}), '@nestjs/config', '@types/node', '@types/ws'];
    for (const name of new Set(needed)) {
      const link = join(consumer, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(NODE_MODULES, name), link, 'dir');
    }
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships compiled JavaScript and declarations for both entry points', () => {
    for (const entry of ['dist/index', 'dist/client/index', 'dist/rusty-socks.module', 'dist/host/rusty-socks.service']) {
      expect(files).toContain(`${entry}.js`);
      expect(files).toContain(`${entry}.d.ts`);
    }
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
  });

  it('ships no tests, test sources or their maps, and no build state', () => {
    const unwanted = files.filter((f) => /(^|\/)(test|examples|bench)\//.test(f) || /\.(e2e-)?spec\./.test(f) || /\.tsbuildinfo/.test(f) || f.startsWith('src/'));
    expect(unwanted).toEqual([]);
  });

  it('points every exports target, main and types at a shipped file', () => {
    const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    expect(targets.length).toBeGreaterThanOrEqual(5);
    for (const target of [...targets, pkg.main, pkg.types]) expect(files).toContain(target.replace(/^\.\//, ''));
  });

  it('leaves the framework to the host: the @nestjs core packages, reflect-metadata, rxjs and class-validator are peers', () => {
    const peers = pkg.peerDependencies ?? {};
    for (const name of ['@nestjs/common', '@nestjs/core', '@nestjs/websockets', '@nestjs/platform-ws', 'reflect-metadata', 'rxjs', 'class-validator']) {
      expect({ name, peer: peers[name] }).toEqual({ name, peer: expect.stringMatching(/^\^/) });
      expect({ name, dependency: pkg.dependencies[name] }).toEqual({ name, dependency: undefined });
    }
  });

  it("loads from a consumer's node_modules: the module from 'rusty-socks', the client from 'rusty-socks/client'", () => {
    const script = `
      require('reflect-metadata');
      const server = require('rusty-socks');
      const client = require('rusty-socks/client');
      const from = (m) => require.resolve(m).replace(process.cwd(), '.');
      console.log(JSON.stringify({
        module: typeof server.RustySocksModule.forRootAsync,
        adapter: typeof server.RustySocksWsAdapter,
        service: typeof server.RustySocksService,
        httpError: new server.RustySocksHttpException(new server.ProtocolException(server.ErrorCode.RoomNotFound, 'x')).getStatus(),
        client: typeof client.RustySocksClient,
        paths: [from('rusty-socks'), from('rusty-socks/client')],
      }));`;
    const out = JSON.parse(run(process.execPath, ['-e', script], consumer));
    expect(out).toEqual({
      module: 'function',
      adapter: 'function',
      service: 'function',
      httpError: 404,
      client: 'function',
      paths: ['./node_modules/rusty-socks/dist/index.js', './node_modules/rusty-socks/dist/client/index.js'],
    });
  });

  // This repository's own setting (commonjs + node10: `exports` ignored, `typesVersions` used) and the modern one.
  it.each([
    ['commonjs', 'node10'],
    ['node20', 'nodenext'],
  ])('type-checks a consumer against the packed declarations (module %s, moduleResolution %s)', (module, resolution) => {
    const dir = join(consumer, `ts-${resolution}`);
    cpSync(join(ROOT, 'examples', 'host-app', 'src'), join(dir, 'src'), { recursive: true });
    writeFileSync(
      join(dir, 'src', 'client-usage.ts'),
      [
        "import { RustySocksClient, RustySocksError } from 'rusty-socks/client';",
        "import type { RoomMessageFrame } from 'rusty-socks/client';",
        "import type { RustySocksEventMap } from 'rusty-socks';",
        'export function watch(client: RustySocksClient): void {',
        "  client.on('room_message', (m: RoomMessageFrame) => console.log(m.content));",
        '}',
        "export const isError = (e: unknown): e is RustySocksError => e instanceof RustySocksError;",
        "export type Sent = RustySocksEventMap['message.sent'];",
      ].join('\n'),
    );
    const compilerOptions = {
      module,
      moduleResolution: resolution,
      target: 'ES2022',
      lib: ['ES2023'],
      types: ['node'],
      strict: true,
      noEmit: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: false,
      skipLibCheck: true,
      ignoreDeprecations: '6.0',
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs' }));
    symlinkSync(join(consumer, 'node_modules'), join(dir, 'node_modules'), 'dir');

    let output = '';
    try {
      run(process.execPath, [join(NODE_MODULES, 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], dir);
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe('');
    expect(readdirSync(join(dir, 'src')).length).toBeGreaterThan(3);
  });
});
