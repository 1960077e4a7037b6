import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { AppContext } from '../context.ts';

export interface StorageService {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<{ data: Buffer; contentType: string } | null>;
  delete(key: string): Promise<void>;
}

declare module '../context.ts' {
  interface AppContext {
    storage: StorageService;
  }
}

/** Slash-separated segments of letters, digits, `-`, `_` and `.`, each starting with a letter or digit (so no `..`, no hidden files). */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function assertStorageKey(key: string): void {
  const segments = key.split('/');
  if (key.length > 512 || segments.some((s) => !SEGMENT.test(s) || s.includes('..'))) {
    throw new Error(`invalid storage key: ${JSON.stringify(key.slice(0, 80))}`);
  }
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'ENOENT';

/**
 * Files under `${DATA_DIR}/files/<key>`; the content type beside them under
 * `${DATA_DIR}/files-meta/<key>.json`. Writes go to a temporary name and are renamed into
 * place, so a reader never sees half a photo.
 */
export function createLocalStorage(dataDir: string): StorageService {
  const filesRoot = path.resolve(dataDir, 'files');
  const metaRoot = path.resolve(dataDir, 'files-meta');
  const locate = (key: string) => {
    assertStorageKey(key);
    const file = path.join(filesRoot, ...key.split('/'));
    // Belt and braces after the key check: the resolved path must stay inside the root.
    if (!file.startsWith(filesRoot + path.sep)) throw new Error('invalid storage key');
    return { file, meta: path.join(metaRoot, ...key.split('/')) + '.json' };
  };
  const atomicWrite = async (target: string, data: Buffer | string) => {
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, target);
  };
  return {
    async put(key, data, contentType) {
      const { file, meta } = locate(key);
      await atomicWrite(meta, JSON.stringify({ contentType, size: data.length }));
      await atomicWrite(file, data);
    },
    async get(key) {
      const { file, meta } = locate(key);
      try {
        const [data, info] = await Promise.all([readFile(file), readFile(meta, 'utf8')]);
        return { data, contentType: (JSON.parse(info) as { contentType: string }).contentType };
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
    async delete(key) {
      const { file, meta } = locate(key);
      await rm(file, { force: true });
      await rm(meta, { force: true });
    },
  };
}

export function setupStorage(ctx: AppContext): void {
  ctx.storage = createLocalStorage(ctx.config.dataDir);
}
