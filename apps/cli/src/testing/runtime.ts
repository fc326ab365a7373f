// Test support (not built into dist): an in-memory Runtime and fakes for the packages.
import { chmodSync, copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Runtime } from "../context.js";
import type { LintResult } from "@cortex-ring/hcl-lint";
import { AclDeniedError, INSTANCE_STATES, type ConsulMember, type InstanceDesc, type RaftQuorum, type Ring, type RingSnapshot } from "@cortex-ring/ring-client";
import { defaultDeps, type Deps, type RingApi, type RingConnectOptions } from "../deps.js";
import { Interrupts } from "../interrupts.js";
import { main } from "../main.js";

export const FIXTURES = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));

export class Capture extends PassThrough {
  text = "";
  isTTY = false;
  constructor() {
    super();
    this.on("data", (chunk: Buffer) => (this.text += chunk.toString()));
  }
}

export function lintResult(filePath: string, errors: number, warnings = 0): LintResult {
  const messages = [
    ...Array.from({ length: errors }, (_, i) => ({ ruleId: "docker-image-pinned", severity: 2 as const, message: `error ${i}`, line: 1, column: 1 })),
    ...Array.from({ length: warnings }, (_, i) => ({ ruleId: "naming", severity: 1 as const, message: `warning ${i}`, line: 2, column: 1 })),
  ];
  return { filePath, messages, errorCount: errors, warningCount: warnings, fixableErrorCount: 0, fixableWarningCount: 0, fatalErrorCount: 0 };
}

export function ring(key: string, instances: Partial<Ring["instances"][number]>[] = []): Ring {
  const full = instances.map((instance, i) => ({
    id: `ingester-${i}`,
    address: `10.0.0.${i}:9095`,
    zone: "",
    state: "ACTIVE" as const,
    stateCode: 0,
    registeredAt: null,
    lastHeartbeat: null,
    heartbeatAgeSeconds: 3,
    healthy: true,
    tokenCount: 128,
    ownership: 50,
    ownershipDiffFromExpected: 0,
    readOnly: false,
    readOnlyUpdatedAt: null,
    ...instance,
  })).map((instance) => ({ ...instance, stateCode: INSTANCE_STATES.indexOf(instance.state) }));
  const countsByState = { ACTIVE: 0, LEAVING: 0, PENDING: 0, JOINING: 0, LEFT: 0, READONLY: 0 };
  for (const instance of full) countsByState[instance.state]++;
  return {
    key,
    instances: full,
    countsByState,
    countsByZone: {},
    unhealthy: full.filter((instance) => !instance.healthy).map((instance) => instance.id),
    totalTokens: full.reduce((sum, instance) => sum + instance.tokenCount, 0),
    tokenConflicts: [],
    readAt: new Date(0),
    modifyIndex: 1,
  };
}

/**
 * A snapshot for a fake ring: a descriptor consistent with its instances (state, zone, heartbeat as of readAt,
 * `tokenCount` tokens each, interleaved round the ring).
 */
export function snapshotOf(ring: Ring): RingSnapshot {
  const now = ring.readAt.getTime() / 1000;
  const n = ring.instances.length;
  const ingesters: Record<string, InstanceDesc> = {};
  ring.instances.forEach((instance, k) => {
    const tokens = Array.from({ length: instance.tokenCount }, (_, j) => Math.floor(((j * n + k) / (instance.tokenCount * n)) * 2 ** 32));
    const timestamp = instance.healthy ? now - (instance.heartbeatAgeSeconds ?? 0) : now - 86_400;
    ingesters[instance.id] = { addr: instance.address, timestamp, state: instance.stateCode, tokens, zone: instance.zone, registeredTimestamp: 0, id: "", readOnlyUpdatedTimestamp: 0, readOnly: false, versions: {} };
  });
  return { ring, desc: { ingesters }, valueBytes: 100 * n };
}

export const ALIVE_SERVER: ConsulMember = { name: "hash-ring", address: "172.18.0.2", port: 8301, status: "alive", role: "server", datacenter: "dc1" };

/** The seed's single server, leading itself. */
export const SEED_RAFT: RaftQuorum = {
  leader: "172.18.0.2:8300",
  servers: [{ name: "hash-ring", address: "172.18.0.2:8300", leader: true, voter: true, status: "alive", healthy: true, lastContactMs: 0, lastIndex: 42 }],
  voters: 1,
  needed: 1,
  alive: 1,
  holds: true,
  failureTolerance: 0,
};

/**
 * What the fake was asked to connect to: one entry per client created (but the anonymous probe's); and how many
 * times a client was closed.
 */
export interface FakeRingApi extends RingApi {
  addresses: (string | undefined)[];
  heartbeatTimeouts: (number | undefined)[];
  connections: RingConnectOptions[];
  closes: number;
  /** What a client with the literal "anonymous" token gets: an ACL'd Consul's 403 unless replaced. */
  anonymous?: RingApi;
}

/** Snapshots default to the fake's rings (readRing, discoverRings), so a test overrides one or the other. */
export function fakeRingApi(overrides: Partial<RingApi> = {}): FakeRingApi {
  const api: FakeRingApi = {
    address: "http://127.0.0.1:8500",
    addresses: [],
    heartbeatTimeouts: [],
    connections: [],
    closes: 0,
    close() {
      this.closes++;
    },
    [Symbol.dispose]() {
      this.close();
    },
    readRing: async (key = "collectors/ring") => ring(key),
    discoverRings: async () => [],
    readSnapshot: async (key) => snapshotOf(await api.readRing(key)),
    discoverSnapshots: async (prefixes) => (await api.discoverRings(prefixes)).map(snapshotOf),
    watchRing: async function* () {
      // A ring that never changes: the watch yields nothing.
    },
    forget: async () => ({ removed: true, attempts: 1 }),
    forgetUnhealthy: async (key, options) => ({ key, dryRun: Boolean(options.dryRun), candidates: [], after: null, refused: null, removed: [], skipped: [] }),
    members: async () => [ALIVE_SERVER],
    leader: async () => "172.18.0.2:8300",
    raftQuorum: async () => SEED_RAFT,
    ...overrides,
  };
  return api;
}

/** Every call refused as Consul refuses a request without a token under default deny. */
export function deniedRingApi(): RingApi {
  const denied = (): Promise<never> => Promise.reject(new AclDeniedError("http://127.0.0.1:18500/v1/kv/collectors/", "Permission denied"));
  const api = fakeRingApi({ readRing: denied, discoverRings: denied, forget: denied, members: denied, leader: denied, raftQuorum: denied });
  return { ...api, watchRing: () => ({ [Symbol.asyncIterator]: () => ({ next: denied }) }) };
}

export interface FakeRun {
  code: number;
  stdout: string;
  stderr: string;
  runtime: Runtime;
}

export function fakeDeps(overrides: Partial<Deps> = {}, api: FakeRingApi = fakeRingApi()): Deps {
  return {
    lint: async (paths) => paths.map((path) => lintResult(path, 0)),
    formatResults: (results) => results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.message}\n`)).join(""),
    runLintCli: async () => 0,
    ringClient: async (address, _env, options) => {
      if (options?.token === "anonymous") return api.anonymous ?? deniedRingApi();
      api.addresses.push(address);
      api.heartbeatTimeouts.push(options?.heartbeatTimeoutMs);
      api.connections.push(options ?? {});
      return api;
    },
    isKnownError: defaultDeps.isKnownError,
    isLintUsageError: defaultDeps.isLintUsageError,
    ...overrides,
  };
}

/** Runs the CLI in-process against captured streams. */
export async function run(argv: string[], options: { env?: NodeJS.ProcessEnv; deps?: Deps; stdinTTY?: boolean; stdoutTTY?: boolean; stderrTTY?: boolean; cwd?: string; interrupts?: Interrupts; stdout?: Capture } = {}): Promise<FakeRun> {
  const stdout = options.stdout ?? new Capture();
  const stderr = new Capture();
  stdout.isTTY = options.stdoutTTY ?? false;
  stderr.isTTY = options.stderrTTY ?? false;
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = options.stdinTTY ?? false;
  const runtime: Runtime = {
    stdout,
    stderr,
    stdin,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    cwd: options.cwd ?? process.cwd(),
    deps: options.deps ?? fakeDeps(),
    interrupts: options.interrupts ?? new Interrupts({ log: (m) => stderr.write(`${m}\n`), exit: () => undefined }),
  };
  const code = await main(argv, runtime);
  return { code, stdout: stdout.text, stderr: stderr.text, runtime };
}

/** A temp Terraform dir with one .tf file and a fake terraform whose invocations land in `log`. */
export function fakeTerraformDir(tf = 'terraform {\n  required_providers {\n    docker = { source = "kreuzwerker/docker", version = "3.9.0" }\n  }\n}\n'): { dir: string; log: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), "cortex-ring-cli-"));
  const bin = join(dir, "..", `${basename(dir)}-terraform`);
  copyFileSync(join(FIXTURES, "fake-terraform.sh"), bin);
  chmodSync(bin, 0o755);
  const log = `${dir}.log`;
  writeFileSync(join(dir, "main.tf"), tf);
  return { dir, log, env: { TERRAFORM_BINARY: bin, FAKE_TF_LOG: log, FAKE_SHOW_JSON: join(FIXTURES, "show-create-three.json") } };
}

