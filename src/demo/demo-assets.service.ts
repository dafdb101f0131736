import { Injectable, NotFoundException, StreamableFile } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DEMO_PAGE_DIR, DEMO_SDK_DIR } from './demo.constants';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** One flat folder level and known extensions only: no `/`, no `..`, nothing but what the page needs. */
const SAFE_NAME = /^[a-z0-9][a-z0-9.-]*\.(?:html|js|css|map)$/;

/** Where each URL folder of the demo reads from. */
const FOLDERS = { page: DEMO_PAGE_DIR, sdk: DEMO_SDK_DIR } as const;

/**
 * The demo's static files, read from disk on first request and then kept: a handful of small files,
 * so servers that never show the page never read them, and those that do read each once.
 */
@Injectable()
export class DemoAssetsService {
  private readonly cache = new Map<string, { body: Buffer; type: string }>();

  /** The file `name` of `folder` as a response body, or a 404. */
  async file(folder: keyof typeof FOLDERS, name: string): Promise<StreamableFile> {
    if (!SAFE_NAME.test(name)) throw notFound();
    const path = join(FOLDERS[folder], name);
    let asset = this.cache.get(path);
    if (!asset) {
      let body: Buffer;
      try {
        body = await readFile(path);
      } catch {
        throw folder === 'sdk' ? new NotFoundException('The demo needs the browser build of the client SDK: run `npm run build`') : notFound();
      }
      asset = { body, type: TYPES[extname(name)] };
      this.cache.set(path, asset);
    }
    return new StreamableFile(asset.body, { type: asset.type, length: asset.body.length });
  }
}

function notFound(): NotFoundException {
  return new NotFoundException('No such demo file');
}
