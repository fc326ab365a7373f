// Decode + ownership of a 1,000-instance × 512-token ring (the Consul KV value Cortex writes), p50 over
// repeated runs: @cortex-ring/ring-client (protobufjs + snappy + its ownership model) next to Cortex's own Go
// ring code (tools/cortex/ringtool: pkg/ring codec + the status page's token count) on the same bytes, same run.
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
const ITERATIONS = Number(process.env.RING_BENCH_ITERATIONS ?? 30);

const fail = failer("ring-decode");
const { decodeRingDesc, ownershipPercent, buildRing } = await ringClient(fail);
const ringtool = buildRingtool(fail);

const work = mkdtempSync(join(tmpdir(), "ring-decode-"));
try {
  const ringFile = join(work, "ring.bin");
  execFileSync(ringtool, ["bench-ring", "-instances", String(INSTANCES), "-tokens", String(TOKENS), "-out", ringFile], { stdio: "inherit" });
  const value = readFileSync(ringFile);

  const go = JSON.parse(execFileSync(ringtool, ["bench", "-in", ringFile, "-iterations", String(ITERATIONS)], { encoding: "utf8", maxBuffer: 64 << 20 }));
  if (!go.matchesStatusPage) fail("ringtool's ownership does not match Cortex's status page on the bench ring");

  const time = (work) => timeRuns(work, ITERATIONS);

  const decodeOwnership = time(() => ownershipPercent(decodeRingDesc(value)));
  const fullModel = time(() => buildRing("collectors/ring", decodeRingDesc(value)));

  // Same answer on both sides, or the timing means nothing.
  const ours = decodeOwnership.result;
  if (ours.size !== INSTANCES || Object.keys(go.ownership).length !== INSTANCES) fail(`instance counts differ: ${ours.size} vs ${Object.keys(go.ownership).length}`);
  for (const [id, percent] of ours) {
    if (Number(go.ownership[id]) !== percent) fail(`ownership of ${id} differs: ${percent} (ring-client) vs ${go.ownership[id]} (Cortex)`);
  }

  const ratio = decodeOwnership.p50 / go.p50Ms;
  const fmt = (ms) => ms.toFixed(1);
  const cpu = cpus();
  const goVersion = execFileSync("go", ["version"], { encoding: "utf8" }).trim().replace(/^go version /, "");
  const results = `# ring-decode

Decode + ownership of one Cortex ring value: ${INSTANCES.toLocaleString("en")} instances × ${TOKENS} tokens
(${(INSTANCES * TOKENS).toLocaleString("en")} tokens, ${(value.length / 1024).toFixed(0)} KiB snappy-compressed as stored in Consul),
written by Cortex's codec (\`tools/cortex/ringtool bench-ring\`, seeded random tokens, 3 zones). ${ITERATIONS} timed runs after
warm-up, p50, both sides in the same \`node bench/ring-decode/run.js\` run on the same bytes.

| implementation | work | p50 ms | min ms | max ms |
| --- | --- | ---: | ---: | ---: |
| Cortex pkg/ring (Go): \`GetCodec().Decode\` + status-page token count | decode + ownership | ${fmt(go.p50Ms)} | ${fmt(go.minMs)} | ${fmt(go.maxMs)} |
| @cortex-ring/ring-client: \`decodeRingDesc\` + \`ownershipPercent\` | decode + ownership | ${fmt(decodeOwnership.p50)} | ${fmt(decodeOwnership.min)} | ${fmt(decodeOwnership.max)} |
| @cortex-ring/ring-client: \`decodeRingDesc\` + \`buildRing\` | decode + full model (health, counts, conflicts) | ${fmt(fullModel.p50)} | ${fmt(fullModel.min)} | ${fmt(fullModel.max)} |

**Ratio (decode + ownership, ring-client / Cortex Go): ${ratio.toFixed(2)}×** — ${ratio <= 1 ? "ring-client is faster" : "Cortex's Go code is faster"}.

The value is ${(value.length / 1024).toFixed(0)} KiB: over Consul's 512 KiB limit for one KV value (random tokens barely compress), so Cortex could
not keep a ring this large in Consul (memberlist has no such limit); the size is a yardstick, not a Consul deployment.
Timings on a shared 2-core machine are noisy; compare the ratio, not the absolute numbers.

Both sides computed the same ownership for all ${INSTANCES} instances (checked bit for bit in this run), and the Go
side's numbers equal what a real \`ring.Ring\` prints on its /ring page for this ring.

Machine: ${cpu[0]?.model ?? "unknown CPU"} (${cpu.length} cores, shared), Node ${process.versions.node}, ${goVersion}, ${new Date().toISOString().slice(0, 10)}.
Run: \`tools/dev pnpm build && tools/dev node bench/run.js ring-decode\` (\`RING_BENCH_ITERATIONS\` changes the run count).
`;
  writeFileSync(join(here, "RESULTS.md"), results);
  process.stdout.write(results);
} finally {
  rmSync(work, { recursive: true, force: true });
}
