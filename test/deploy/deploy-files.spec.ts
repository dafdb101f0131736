import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/config/options.defaults';
import { envName, OPTION_SPECS } from '../../src/config/options.schema';

const ROOT = join(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const exists = (path: string): boolean => existsSync(join(ROOT, path));

const DEPLOY_FILES = ['Dockerfile', '.dockerignore', 'deploy/docker-compose.yml', 'deploy/nginx.conf', 'deploy/k8s/rusty-socks.yaml', 'deploy/healthcheck.js', 'deploy/pre-stop.js'];

interface Instruction {
  stage: number;
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, each with the index of its build stage. */
function dockerfile(): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  const text = read('Dockerfile').replace(/\\\n/g, ' ');
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const [, keyword, args] = /^(\S+)\s+(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === 'FROM') stage++;
    out.push({ stage, keyword: keyword.toUpperCase(), args });
  }
  return out;
}

/** The source paths of a COPY (flags and destination left out). */
function copySources(args: string): string[] {
  const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
  return words.slice(0, -1);
}

/** A file the image runs: in the repo as it is, or `dist/x.js` compiled from `src/x.ts`. */
function runnable(path: string): boolean {
  const dist = /^dist\/(.+)\.js$/.exec(path);
  return dist ? exists(`src/${dist[1]}.ts`) || exists(`src/${dist[1]}.js`) : exists(path);
}

/** The scripts and files a shell command names: `npm run x` and `node file`. */
function commandReferences(command: string): { scripts: string[]; files: string[] } {
  return {
    scripts: [...command.matchAll(/\bnpm\s+run\s+([\w:-]+)/g)].map((m) => m[1]),
    files: [...command.matchAll(/\bnode\s+((?:[\w.-]+\/)*[\w.-]+\.js)\b/g)].map((m) => m[1]),
  };
}

const OPTION_VARIABLES = new Set(OPTION_SPECS.map(envName));
/** The server's own margin beyond the drain grace before it gives up (`main.ts`). */
const SHUTDOWN_MARGIN_SECONDS = Number(/SHUTDOWN_MARGIN_MS = (\d+)/.exec(read('src/main.ts'))![1]) / 1000;

/**
 * The deployment files cannot point at things that do not exist: every path the Dockerfile copies and
 * every script, file and `RUSTY_SOCKS_*` variable that the Dockerfile, compose and Kubernetes files
 * name is checked against the repo and the option table. (They are not run here: no Docker engine.)
 */
describe('deployment files', () => {
  it('all exist', () => {
    expect(DEPLOY_FILES.filter((f) => !exists(f))).toEqual([]);
  });

  describe('Dockerfile', () => {
    const instructions = dockerfile();
    const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

    it('copies only paths that exist, none of them excluded by .dockerignore', () => {
      const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
      const sources = instructions.filter((i) => i.keyword === 'COPY' && !i.args.includes('--from=')).flatMap((i) => copySources(i.args));
      expect(sources.length).toBeGreaterThan(5);
      expect(sources.filter((s) => !exists(s))).toEqual([]);
      const excluded = sources.filter((s) => ignored.some((pattern) => {
        const p = normalize(pattern).replace(/\/$/, '');
        const regex = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`);
        return regex.test(normalize(s));
      }));
      expect(excluded).toEqual([]);
    });

    it('names only npm scripts and files that exist, and takes from the build stage only what the build writes', () => {
      const runs = instructions.filter((i) => ['RUN', 'CMD', 'HEALTHCHECK', 'ENTRYPOINT'].includes(i.keyword)).map((i) => i.args.replace(/[[\]",]/g, ' '));
      const refs = runs.map(commandReferences);
      expect(refs.flatMap((r) => r.scripts).filter((s) => !(s in packageJson.scripts))).toEqual([]);
      const files = refs.flatMap((r) => r.files);
      expect(files).toEqual(expect.arrayContaining(['deploy/healthcheck.js', 'dist/main.js']));
      expect(files.filter((f) => !runnable(f))).toEqual([]);
      // `npm run build` writes dist/ (tsconfig's outDir), which is all the runtime stage takes.
      const fromBuild = instructions.filter((i) => i.keyword === 'COPY' && i.args.includes('--from=build')).flatMap((i) => copySources(i.args));
      expect(fromBuild).toEqual(['/app/dist/']);
      expect(read('tsconfig.json')).toMatch(/"outDir": "\.\/dist"/);
    });

    it('builds in one stage and runs production dependencies as a non-root user, checking /health/ready with node', () => {
      const stages = instructions.filter((i) => i.keyword === 'FROM');
      expect(stages.length).toBe(2);
      const runtime = instructions.filter((i) => i.stage === 1);
      const build = instructions.filter((i) => i.stage === 0);
      expect(build.map((i) => i.args)).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b/), 'npm run build']));
      expect(runtime.find((i) => i.keyword === 'RUN')?.args).toMatch(/npm ci --omit=dev/);
      expect(runtime).toContainEqual(expect.objectContaining({ keyword: 'ENV', args: 'NODE_ENV=production' }));
      expect(runtime.find((i) => i.keyword === 'USER')?.args).toMatch(/^(node|[1-9]\d*)$/);
      expect(runtime.find((i) => i.keyword === 'CMD')?.args).toBe('["node", "dist/main.js"]');
      expect(runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args).toMatch(/CMD \["node", "deploy\/healthcheck\.js"\]$/);
      expect(read('deploy/healthcheck.js')).toContain("path: '/health/ready'");
      expect(runtime.find((i) => i.keyword === 'EXPOSE')?.args).toBe(String(DEFAULT_OPTIONS.port));
    });

    it('copies into the image every deploy/ script that compose and Kubernetes run there', () => {
      const inImage = instructions.filter((i) => i.stage === 1 && i.keyword === 'COPY' && !i.args.includes('--from=')).flatMap((i) => copySources(i.args));
      const used = [read('deploy/docker-compose.yml'), read('deploy/k8s/rusty-socks.yaml')].flatMap((text) => commandReferences(text.replace(/[[\]",]/g, ' ')).files);
      expect(used).toEqual(expect.arrayContaining(['deploy/healthcheck.js', 'deploy/pre-stop.js']));
      expect(used.filter((f) => !inImage.includes(f))).toEqual([]);
    });
  });

  it('sets only RUSTY_SOCKS_* variables that are options of src/config/options.schema.ts', () => {
    const named = DEPLOY_FILES.flatMap((f) => [...read(f).matchAll(/\bRUSTY_SOCKS_[A-Z0-9_]+/g)].map((m) => `${f}: ${m[0]}`));
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((n) => !OPTION_VARIABLES.has(n.split(': ')[1]))).toEqual([]);
  });

  describe('docker-compose.yml and nginx.conf', () => {
    const compose = read('deploy/docker-compose.yml');
    const nginx = read('deploy/nginx.conf');

    it('builds the repo Dockerfile and mounts files that exist', () => {
      expect(compose).toMatch(/context: \.\.\n\s+dockerfile: Dockerfile\n/);
      const mounts = [...compose.matchAll(/^\s+- \.\/([\w./-]+):/gm)].map((m) => `deploy/${m[1]}`);
      expect(mounts).toEqual(['deploy/nginx.conf']);
      expect(mounts.filter((m) => !exists(m))).toEqual([]);
    });

    it('runs Redis and three instances that use it, each behind nginx, with no sticky sessions', () => {
      const block = /^services:\n([\s\S]*?)^\S/m.exec(compose)![1];
      const services = [...block.matchAll(/^ {2}([\w-]+):\s*$/gm)].map((m) => m[1]);
      expect(services).toEqual(['redis', 'rusty-socks-1', 'rusty-socks-2', 'rusty-socks-3', 'nginx']);
      expect(compose).toContain('RUSTY_SOCKS_REDIS_URL: redis://redis:6379');
      const upstreams = [...nginx.matchAll(/^\s+server ([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
      expect(upstreams).toEqual(['rusty-socks-1', 'rusty-socks-2', 'rusty-socks-3'].map((s) => `${s}:${DEFAULT_OPTIONS.port}`));
      expect(nginx.replace(/#.*$/gm, '')).not.toMatch(/\b(ip_hash|sticky|hash \$)/);
      expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
      expect(nginx).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
      // The proxy whose X-Forwarded-For the instances believe is nginx's fixed address.
      const trusted = /RUSTY_SOCKS_TRUSTED_PROXIES: ([\d.]+)/.exec(compose)![1];
      expect(compose).toContain(`ipv4_address: ${trusted}`);
    });

    it('gives an instance longer to stop than the drain takes', () => {
      const grace = Number(/RUSTY_SOCKS_SHUTDOWN_GRACE: "(\d+)"/.exec(compose)![1]);
      const stop = Number(/stop_grace_period: (\d+)s/.exec(compose)![1]);
      expect(stop).toBeGreaterThan(grace + SHUTDOWN_MARGIN_SECONDS);
    });
  });

  describe('k8s/rusty-socks.yaml', () => {
    const k8s = read('deploy/k8s/rusty-socks.yaml');
    const health = read('src/health/health.controller.ts');

    it('probes routes the server has', () => {
      expect(health).toMatch(/@Controller\('health'\)/);
      const probes = [...k8s.matchAll(/(\w+Probe):\s*\n\s+httpGet:\s*\n\s+path: (\S+)/g)].map((m) => [m[1], m[2]]);
      expect(probes).toEqual([
        ['livenessProbe', '/health/live'],
        ['readinessProbe', '/health/ready'],
        ['startupProbe', '/health/live'],
      ]);
      for (const [, path] of probes) expect(health).toContain(`@Get('${path.split('/')[2]}')`);
      expect(k8s).toContain(`containerPort: ${DEFAULT_OPTIONS.port}`);
    });

    it('runs three replicas, takes the JWT secret from a Secret and Redis from the environment', () => {
      expect(k8s).toMatch(/replicas: 3\n/);
      expect(k8s).toMatch(/- name: RUSTY_SOCKS_JWT_SECRET\n\s+valueFrom:\n\s+secretKeyRef:\n\s+name: rusty-socks\n\s+key: jwt-secret\n/);
      expect(k8s).toMatch(/- name: RUSTY_SOCKS_REDIS_URL\n\s+value: redis:\/\/\S+\n/);
      expect(k8s).toMatch(/sessionAffinity: None/);
    });

    it('waits in preStop, then leaves the drain time to finish before the kill', () => {
      const [, script, wait] = /preStop:\s*\n\s+exec:\s*\n\s+command: \["node", "([\w./-]+)", "(\d+)"\]/.exec(k8s)!;
      expect(exists(script)).toBe(true);
      const grace = Number(/- name: RUSTY_SOCKS_SHUTDOWN_GRACE\n\s+value: "(\d+)"/.exec(k8s)![1]);
      const termination = Number(/terminationGracePeriodSeconds: (\d+)/.exec(k8s)![1]);
      expect(termination).toBeGreaterThan(Number(wait) + grace + SHUTDOWN_MARGIN_SECONDS);
    });
  });
});
