// A child process for the first-download kill tests (test/integration/teamFirstDownload.test.ts):
// a new member with its own SQLite file (argv[3]) pulls the team's record (argv[2]) and exits
// once it has caught up. Run with `node -r tsx/cjs`; the test kills it with SIGKILL on the way.
import { openDesk } from './teamRig';

async function main() {
  const [url, dir] = process.argv.slice(2) as [string, string];
  const desk = openDesk(url, `new-${process.pid}`, [], { dir });
  await desk.member.start();
  await desk.member.stop();
  desk.store.close();
  process.stdout.write('caught up\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
