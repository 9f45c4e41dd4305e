// Random damage to a database file: bytes overwritten, a page zeroed, the file cut or grown, two
// pages swapped, a WAL garbled. Whatever happens, opening it must either work (and the store
// then answers, or fails with a typed StorageError) or fail with StorageError('corrupt') after
// moving the file aside byte for byte — never another exception, never a rewritten file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../../electron/core/store';
import { asStorageError, DB_FILE_NAME, StorageError } from '../../../electron/core/store/database';
import { prng, removeDir, tempDir, type Figures } from './env';

const NOW = Date.UTC(2026, 10, 29);

function template(withWal: boolean): { dir: string; files: string[] } {
  const dir = tempDir('dmgtpl');
  const store = openStore(dir);
  const ids = Array.from({ length: 600 }, (_, i) => String(3712345678900000000n + BigInt(i)));
  store.transaction(() => ids.forEach((id) => store.orders.addTracked(id, 'import', `PO-${id.slice(-5)}`, NOW)));
  if (!withWal) {
    store.close();
    return { dir, files: [DB_FILE_NAME] };
  }
  store.transaction(() => ids.slice(0, 50).forEach((id) => store.orders.setArchived(id, true, NOW + 1)));
  const snap = tempDir('dmgwal');
  for (const f of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, f), path.join(snap, f));
  store.close();
  removeDir(dir);
  return { dir: snap, files: fs.readdirSync(snap) };
}

const md5 = (b: Buffer) => crypto.createHash('md5').update(b).digest('hex');

export function runRandomDamage(o: { iterations: number; seed: number }): { figures: Figures; problems: string[] } {
  const r = prng(o.seed);
  const int = (n: number) => Math.floor(r() * n);
  const problems: string[] = [];
  const tally = { opened: 0, openedButIntegrityFails: 0, runtimeTypedErrors: 0, movedAside: 0, withWal: 0 };
  const kinds = new Map<string, number>();
  const templates = [template(false), template(true)];
  try {
    for (let i = 0; i < o.iterations; i++) {
      const tpl = templates[int(2)]!;
      if (tpl.files.length > 1) tally.withWal++;
      const dir = tempDir('dmg');
      try {
        for (const f of tpl.files) fs.copyFileSync(path.join(tpl.dir, f), path.join(dir, f));
        const file = path.join(dir, DB_FILE_NAME);
        const target = tpl.files.includes(`${DB_FILE_NAME}-wal`) && r() < 0.3 ? `${file}-wal` : file;
        const b = fs.readFileSync(target);
        const page = 4096;
        const pages = Math.max(1, Math.floor(b.length / page));
        const kind = ['bytes', 'page-zero', 'truncate', 'grow', 'swap', 'header'][int(6)]!;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        let out = b;
        if (kind === 'bytes') {
          const at = int(b.length);
          const n = 1 + int(4096);
          for (let k = at; k < Math.min(b.length, at + n); k++) out[k] = int(256);
        } else if (kind === 'page-zero') out.fill(0, int(pages) * page, (int(pages) + 1) * page);
        else if (kind === 'truncate') out = b.subarray(0, int(b.length));
        else if (kind === 'grow') out = Buffer.concat([b, Buffer.from(Array.from({ length: 1 + int(10_000) }, () => int(256)))]);
        else if (kind === 'swap' && pages > 2) {
          const [x, y] = [1 + int(pages - 1), 1 + int(pages - 1)];
          const px = Buffer.from(b.subarray(x * page, (x + 1) * page));
          b.copy(out, x * page, y * page, (y + 1) * page);
          px.copy(out, y * page);
        } else if (kind === 'header') for (let k = 0; k < 100; k++) out[k] = int(256);
        fs.writeFileSync(target, out);
        const before = md5(fs.readFileSync(file));

        let store: ReturnType<typeof openStore> | null = null;
        try {
          store = openStore(dir);
        } catch (e) {
          if (!(e instanceof StorageError)) {
            problems.push(`#${i} ${kind}: open threw ${String(e).slice(0, 200)}`);
            continue;
          }
          if (e.kind !== 'corrupt') {
            problems.push(`#${i} ${kind}: open failed as ${e.kind}: ${e.message.slice(0, 120)}`);
            continue;
          }
          tally.movedAside++;
          if (!e.movedTo || md5(fs.readFileSync(e.movedTo)) !== before) problems.push(`#${i} ${kind}: the damaged file was not kept byte for byte`);
          const fresh = openStore(dir);
          fresh.close();
          continue;
        }
        tally.opened++;
        // Opened: the damage was invisible to the checks (free space, a text byte) or repaired by
        // the WAL. Using it may still meet the damage: that must be a typed error, not a crash.
        try {
          if (store.db.pragma('integrity_check', { simple: true }) !== 'ok') tally.openedButIntegrityFails++;
          store.queries.list({ tab: 'all', sort: 'updatedAt', dir: 'desc', offset: 0, limit: 500, includeArchived: true });
          store.transaction(() => store!.orders.addTracked('3799999999999999999', 'manual', null, NOW));
        } catch (e) {
          if (asStorageError(e)) tally.runtimeTypedErrors++;
          else problems.push(`#${i} ${kind}: using the opened store threw an untyped ${String(e).slice(0, 200)}`);
        } finally {
          store.close();
        }
      } finally {
        removeDir(dir);
      }
    }
  } finally {
    for (const t of templates) removeDir(t.dir);
  }
  return {
    problems,
    figures: {
      files: o.iterations,
      ...tally,
      kinds: [...kinds.entries()].map(([k, n]) => `${k}:${n}`).join(' '),
    },
  };
}
