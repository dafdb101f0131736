/** One sample of Prometheus text: `name{label="value",…} number`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parsed `/metrics`: the samples, and the `# TYPE` of each metric family. */
export interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the Prometheus text format (as prom-client writes it; no timestamps). */
export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice(7).split(' ');
      types.set(name, type);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`Not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(LABEL)) labels[k] = v;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { samples, types };
}

/** Fetches and parses `GET /metrics`. */
export async function scrape(httpUrl: string): Promise<Exposition> {
  const res = await fetch(`${httpUrl}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  return parseExposition(await res.text());
}

/** The value of the one sample of `name` whose labels include `labels`; throws when there is not exactly one. */
export function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  const found = exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v) && (Object.keys(labels).length > 0 || Object.keys(s.labels).length === 0));
  if (found.length !== 1) throw new Error(`Expected one sample of ${name}${JSON.stringify(labels)}, found ${found.length}`);
  return found[0].value;
}

/** The values of a label across the samples of `name`, sorted. */
export function labelValues(exposition: Exposition, name: string, label: string): string[] {
  return exposition.samples.filter((s) => s.name === name && label in s.labels).map((s) => s.labels[label]).sort();
}
