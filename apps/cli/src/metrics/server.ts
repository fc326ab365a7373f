/** A minimal HTTP endpoint for Prometheus: GET /metrics renders a scrape; everything else is 404. */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface MetricsEndpoint {
  /** http://host:port/metrics, with the port actually bound (for --listen …:0). */
  url: string;
  close(): Promise<void>;
}

export async function serveMetrics(scrape: () => Promise<string>, contentType: string, host: string, port: number): Promise<MetricsEndpoint> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
    } else if (path === "/metrics") {
      scrape().then(
        (body) => response.writeHead(200, { "content-type": contentType }).end(request.method === "HEAD" ? undefined : body),
        (error: unknown) => response.writeHead(500, { "content-type": "text/plain" }).end(`${(error as Error).message}\n`),
      );
    } else if (path === "/") {
      response.writeHead(200, { "content-type": "text/plain" }).end("cortex-ring ring metrics: see /metrics\n");
    } else {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found: try /metrics\n");
    }
  });
  server.listen(port, host);
  await Promise.race([once(server, "listening"), once(server, "error").then(([error]) => Promise.reject(error as Error))]);
  const bound = server.address() as AddressInfo;
  const shownHost = bound.family === "IPv6" ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${shownHost}:${bound.port}/metrics`,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
