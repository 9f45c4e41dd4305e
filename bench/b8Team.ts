// B8: team mode. One throwaway PostgreSQL (initdb + pg_ctl, test/team/pgCluster.ts), members
// over real SQLite replicas. Measured here (in one process, each member with its own SQLite file,
// pool, LISTEN connection and lease connection):
//   B8a  a poller's write visible in the other two replicas, p95 (target ≤ 2 s)
//   B8d  a new member's first download of the team record (full: 100,000 orders / 1,000,000
//        steps, target ≤ 60 s; quick: a tenth), in change-log pages of 2,000; the step-by-step
//        apply of before is timed in the same run for comparison
//   B8e  orders.list p95 on that replica (target ≤ 20 ms), and on the same file opened solo
//   B8b, B8c  failover after kill -9 and the team's gateway calls: real processes (b8Processes.ts)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPgCluster } from '../test/team/pgCluster';
import { openDesk, pollerWrites } from '../test/team/teamRig';
import { seedTeamRecord } from '../test/team/teamSeed';
import { openStore, type Store } from '../electron/core/store';
import { runB8Processes } from './b8Processes';
import { atMost, figure, log, ms, now, percentile, removeDir, sleep, tempDir, type Figure, type Scale } from './lib';

export async function runB8(scale: Scale): Promise<Figure[]> {
  const figures: Figure[] = [];
  const cluster = await startPgCluster();
  const dirs: string[] = [];
  try {
    // B8a: replication delay
    const url = await cluster.createDatabase('b8a');
    const desks = ['alice', 'bob', 'carol'].map((n) => openDesk(url, n, ['m1'], { dir: tempDir(`b8-${n}-`) }));
    dirs.push(...desks.map((d) => d.dir));
    for (const d of desks) await d.member.start();
    const [leader, ...others] = desks as [(typeof desks)[0], ...typeof desks];
    const delays: number[] = [];
    const rounds = scale.quick ? 40 : 200;
    const seen = others.map((d) => d.store.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM orders WHERE id = ?'));
    for (let i = 0; i < rounds; i++) {
      const id = String(3_300_000_000_000_000_000n + BigInt(i));
      const t0 = now();
      pollerWrites(leader.store, 'm1', id, 1);
      for (;;) {
        if (seen.every((q) => (q.get(id)?.n ?? 0) > 0)) break;
        await sleep(2);
      }
      delays.push(ms(t0));
    }
    figures.push(figure('B8a', percentile(delays, 95), 'ms', atMost(2_000), `p95 of ${rounds} writes, visible in both other replicas (push tick 100 ms, LISTEN wakes)`));
    for (const d of desks) {
      await d.member.stop();
      d.store.close();
    }

    // B8d / B8e: a new member's first download (as before — page by page, each page's steps in
    // bulk but every index kept up to date — and now as one bulk load: indexes set aside, rebuilt
    // once at the end), then the list on that replica and on a solo copy
    const orders = scale.quick ? 10_000 : 100_000;
    const url2 = await cluster.createDatabase('b8d');
    log(`B8: seeding ${orders} orders / ${orders * 10} steps`);
    await seedTeamRecord(url2, orders, 10);
    const download = async (name: string, firstDownloadMinChanges?: number) => {
      const desk = openDesk(url2, name, [], { dir: tempDir(`b8-${name}-`), firstDownloadMinChanges });
      dirs.push(desk.dir);
      const t0 = now();
      const cpu0 = process.cpuUsage();
      await desk.member.start(); // start() pulls everything after cursor 0
      const took = ms(t0);
      // this process's CPU time (the member's work, not PostgreSQL's): steadier than the wall
      // clock on a machine shared with other work
      const cpu = process.cpuUsage(cpu0);
      const cpuS = (cpu.user + cpu.system) / 1e6;
      const got = (desk.store.db.prepare('SELECT COUNT(*) AS n FROM trace_events').get() as { n: number }).n;
      log(`B8d: ${name}: ${(took / 1000).toFixed(1)} s (CPU ${cpuS.toFixed(1)} s) for ${got} steps (load ${os.loadavg()[0]!.toFixed(1)})`);
      return { desk, took, got, cpuS };
    };
    const old = await download('dave-pagewise', Infinity);
    await old.desk.member.stop();
    old.desk.store.close();
    removeDir(old.desk.dir);
    const fresh = await download('dave');
    figures.push(
      figure(
        'B8d',
        fresh.took / 1000,
        's',
        atMost(scale.quick ? 6 : 60),
        `${orders} orders, ${fresh.got} steps downloaded and applied (CPU ${fresh.cpuS.toFixed(1)} s, load ${os.loadavg()[0]!.toFixed(1)}); page by page with every index, as before: ` +
          `${(old.took / 1000).toFixed(1)} s (CPU ${old.cpuS.toFixed(1)} s) in the same run${scale.quick ? ' (quick: a tenth; target scaled)' : ''}`,
      ),
    );
    const listTimes = (store: Store, lat: number[]) => {
      for (let i = 0; i < 200; i++) {
        const t = now();
        store.queries.list({
          tab: i % 2 ? 'all' : 'in_transit',
          search: i % 5 === 0 ? '义乌商贸 4' : undefined,
          sort: 'updatedAt',
          dir: 'desc',
          limit: 50,
          offset: (i % 10) * 50,
          includeArchived: false,
        });
        lat.push(ms(t));
      }
    };
    // The replica (its member running: LISTEN, push and pull loops) and a solo copy of the same
    // file, measured in turns (3 × 200 queries each), so a change of the machine's load falls on both.
    fresh.desk.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const soloDir = tempDir('b8-solo-');
    dirs.push(soloDir);
    fs.copyFileSync(path.join(fresh.desk.dir, 'tracker.db'), path.join(soloDir, 'tracker.db'));
    const solo = openStore(path.join(soloDir, 'tracker.db'));
    const onReplica: number[] = [];
    const onSolo: number[] = [];
    for (let round = 0; round < 3; round++) {
      listTimes(fresh.desk.store, onReplica);
      listTimes(solo, onSolo);
    }
    await fresh.desk.member.stop();
    fresh.desk.store.close();
    solo.close();
    const replicaP95 = percentile(onReplica, 95);
    const soloP95 = percentile(onSolo, 95);
    figures.push(
      figure(
        'B8e',
        replicaP95,
        'ms',
        atMost(20),
        `orders.list (store query) p95 of 600 on the downloaded replica, member running; the same file solo, in turns: ` +
          `${soloP95.toFixed(1)} ms (p50 ${percentile(onReplica, 50).toFixed(1)} / ${percentile(onSolo, 50).toFixed(1)} ms; load ${os.loadavg()[0]!.toFixed(1)})`,
      ),
    );
    figures.push(...(await runB8Processes()));
  } finally {
    cluster.stop();
    for (const d of dirs) if (fs.existsSync(d)) removeDir(path.resolve(d));
  }
  return figures;
}
