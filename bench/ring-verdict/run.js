// The quorum verdict of a 1,000-instance × 512-token ring (512,000 ranges, writes and reads): @cortex-ring/ring-client's
// ringVerdict next to Cortex's own Go code (tools/cortex/ringtool bench-verdict: a real ring.Ring over the decoded
// ring, then Ring.Get + defaultReplicationStrategy.Filter for every range), on the same bytes, same run, with and
// without zone awareness. Both sides must report the same shares of the token space, or the timing means nothing.
// Writes RESULTS.md beside this file. Needs `pnpm build` (ring-client dist) and Go (ringtool builds once).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { failer, ringClient, ringtool as buildRingtool, time as timeRuns } from "../ring-support.js";

const here = dirname(fileURLToPath(import.meta.url));
const INSTANCES = 1000;
const TOKENS = 512;
const ITERATIONS = Number(process.env.RING_BENCH_ITERATIONS ?? 10);
// A ring mid-incident: a few instances dead, some leaving and joining (the replica sets extend around them).
const DEAD = ["ingester-0000", "ingester-0001", "ingester-0004", "ingester-0500", "ingester-0999"];
const LEAVING = ["ingester-0100", "ingester-0101", "ingester-0102"];
const JOINING = ["ingester-0200", "ingester-0201", "ingester-0202"];

const fail = failer("ring-verdict");
const { decodeRingDesc, encodeRingDesc, ringVerdict } = await ringClient(fail);
const ringtool = buildRingtool(fail);
const time = (work) => timeRuns(work, ITERATIONS, 2);

const work = mkdtempSync(join(tmpdir(), "ring-verdict-"));
try {
  const generated = join(work, "generated.bin");
  execFileSync(ringtool, ["bench-ring", "-instances", String(INSTANCES), "-tokens", String(TOKENS), "-out", generated], { stdio: "inherit" });
  const desc = decodeRingDesc(readFileSync(generated));
  // Both sides judge heartbeats at this instant, however long the run takes.
  const now = Math.floor(Date.now() / 1000);
  const judgedAt = new Date(now * 1000);
  for (const id of DEAD) desc.ingesters[id].timestamp = now - 600;
  for (const id of LEAVING) desc.ingesters[id].state = 1;
  for (const id of JOINING) desc.ingesters[id].state = 3;
  const value = encodeRingDesc(desc);
  const ringFile = join(work, "ring.bin");
  writeFileSync(ringFile, value);

  const rows = [];
  for (const zoneAwareness of [false, true]) {
    const args = ["bench-verdict", "-in", ringFile, "-iterations", String(ITERATIONS), "-now", String(now), ...(zoneAwareness ? ["-zone-awareness"] : [])];
    const go = JSON.parse(execFileSync(ringtool, args, { encoding: "utf8", maxBuffer: 64 << 20 }));
    const decoded = decodeRingDesc(value);
    const verdict = time(() => ringVerdict(decoded, { zoneAwareness, now: judgedAt }));
    const endToEnd = time(() => ringVerdict(decodeRingDesc(value), { zoneAwareness, now: judgedAt }));
    for (const op of ["write", "read"]) {
      for (const status of ["ok", "degraded", "broken"]) {
        const ours = verdict.result[op].share[status];
        const theirs = go.verdict[op][status];
        if (Math.abs(ours - theirs) > 1e-12) fail(`${op} ${status} share differs (zone awareness ${zoneAwareness}): ${ours} (ring-client) vs ${theirs} (Cortex)`);
      }
    }
    if (verdict.result.write.ranges.ok + verdict.result.write.ranges.degraded + verdict.result.write.ranges.broken !== go.ranges) fail(`range counts differ: ${go.ranges} in Cortex`);
    rows.push({ zoneAwareness, go, verdict, endToEnd });
  }

  const fmt = (ms) => ms.toFixed(1);
  const pct = (share) => `${(share * 100).toFixed(3)}%`;
  const cpu = cpus();
  const goVersion = execFileSync("go", ["version"], { encoding: "utf8" }).trim().replace(/^go version /, "");
  const table = rows
    .map(({ zoneAwareness, go, verdict, endToEnd }) => {
      const label = zoneAwareness ? "zone-aware" : "no zones";
      return [
        `| ${label} | Cortex pkg/ring (Go): ring.Ring + \`Get\` + \`Filter\` per range | ${fmt(go.p50Ms)} | ${fmt(go.minMs)} | ${fmt(go.maxMs)} | ${fmt(go.decodeP50Ms + go.p50Ms)} |`,
        `| ${label} | @cortex-ring/ring-client: \`ringVerdict\` | ${fmt(verdict.p50)} | ${fmt(verdict.min)} | ${fmt(verdict.max)} | ${fmt(endToEnd.p50)} |`,
      ].join("\n");
    })
    .join("\n");
  const ratios = rows.map(({ zoneAwareness, go, verdict }) => `${zoneAwareness ? "zone-aware" : "no zones"} ${(verdict.p50 / go.p50Ms).toFixed(2)}×`).join(", ");
  const shares = rows
    .map(({ zoneAwareness, verdict }) => {
      const v = verdict.result;
      return `${zoneAwareness ? "zone-aware" : "no zones"}: writes ${pct(v.write.share.broken)} below quorum, ${pct(v.write.share.degraded)} degraded; reads ${pct(v.read.share.broken)} below quorum, ${pct(v.read.share.degraded)} degraded`;
    })
    .join("; ");
  const results = `# ring-verdict

The quorum verdict of one Cortex ring: ${INSTANCES.toLocaleString("en")} instances × ${TOKENS} tokens (${(INSTANCES * TOKENS).toLocaleString("en")} token ranges),
RF 3, for writes and for reads, judged as the distributor does. The ring is \`tools/cortex/ringtool bench-ring\`'s (seeded
random tokens, 3 zones) with ${DEAD.length} instances dead, ${LEAVING.length} LEAVING and ${JOINING.length} JOINING, stored with ring-client's encoder;
both sides read the same bytes in the same \`node bench/ring-verdict/run.js\` run. ${ITERATIONS} timed runs after warm-up, p50.

| ring | implementation | verdict p50 ms | min ms | max ms | with decode, p50 ms |
| --- | --- | ---: | ---: | ---: | ---: |
${table}

"Verdict" starts from the decoded ring. Go: build a real \`ring.Ring\` on it (Cortex's token sort and lookup maps, via a
static KV client), then \`Ring.Get\` + \`defaultReplicationStrategy.Filter\` for every range and both operations, summing
the token space per class. ring-client: \`ringVerdict\`, which also finds the instances whose loss alone breaks quorum
and lists up to 1,000 ranges below quorum. "With decode" adds each side's decoding of the stored value.

**Ratio (verdict p50, ring-client / Cortex Go): ${ratios}** (below 1: ring-client is faster).

Both sides found the same shares of the token space in every class (checked in this run): ${shares}.
Timings on a shared 2-core machine are noisy; compare the ratio, not the absolute numbers.

Machine: ${cpu[0]?.model ?? "unknown CPU"} (${cpu.length} cores, shared), Node ${process.versions.node}, ${goVersion}, ${new Date().toISOString().slice(0, 10)}.
Run: \`tools/dev pnpm build && tools/dev node bench/run.js ring-verdict\` (\`RING_BENCH_ITERATIONS\` changes the run count).
`;
  writeFileSync(join(here, "RESULTS.md"), results);
  process.stdout.write(results);
} finally {
  rmSync(work, { recursive: true, force: true });
}
