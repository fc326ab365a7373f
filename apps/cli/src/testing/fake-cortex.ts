// Test support: a stand-in for Cortex's distributor and querier on loopback. It decodes what is pushed to
// /api/v1/push (snappy, then prompb's WriteRequest read with test-support's own schema, not the CLI's) and
// answers instant queries for those series, so the check is exercised over real HTTP.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeWriteRequest, type Series } from "@cortex-ring/test-support/remote-write";

export interface Pushed extends Series {
  tenant: string | undefined;
  headers: IncomingMessage["headers"];
}

export interface FakeCortexOptions {
  /** Status and body for pushes (default 200, empty). */
  push?: { status: number; body: string };
  /** Queries answered "no such series" before the sample shows (default 0). */
  hiddenQueries?: number;
  /** Status and body for every query instead of the real answer. */
  query?: { status: number; body: string };
}

export interface FakeCortex {
  url: string;
  pushed: Pushed[];
  queries: URL[];
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function fakeCortex(options: FakeCortexOptions = {}): Promise<FakeCortex> {
  const pushed: Pushed[] = [];
  const queries: URL[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://fake");
      const tenant = request.headers["x-scope-orgid"] as string | undefined;
      if (request.method === "POST" && url.pathname === "/api/v1/push") {
        for (const series of decodeWriteRequest(await body(request))) pushed.push({ tenant, headers: request.headers, ...series });
        response.writeHead(options.push?.status ?? 200).end(options.push?.body ?? "");
        return;
      }
      if (request.method === "GET" && url.pathname === "/prometheus/api/v1/query") {
        queries.push(url);
        if (options.query) return void response.writeHead(options.query.status).end(options.query.body);
        const id = /check_id="([^"]*)"/.exec(url.searchParams.get("query") ?? "")?.[1];
        const visible = queries.length > (options.hiddenQueries ?? 0);
        const result = pushed
          .filter((series) => visible && series.tenant === tenant && series.labels.some((l) => l.name === "check_id" && l.value === id))
          .map((series) => ({ metric: Object.fromEntries(series.labels.map((l) => [l.name, l.value])), value: [Number(url.searchParams.get("time")), String(series.samples[0]?.value)] }));
        response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ status: "success", data: { resultType: "vector", result } }));
        return;
      }
      if (url.pathname === "/ready") return void response.writeHead(200).end("ready\n");
      response.writeHead(404).end("404 page not found\n");
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pushed,
    queries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
