import { request } from "node:http";

/** The Docker daemon DOCKER_HOST names (or the default socket), asked `GET /_ping` then `/version`. */
export function dockerEndpoint(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_HOST || "unix:///var/run/docker.sock";
}

export function dockerGet(endpoint: string, path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const url = new URL(endpoint);
  const target =
    url.protocol === "unix:"
      ? { socketPath: url.pathname, path }
      : url.protocol === "tcp:" || url.protocol === "http:"
        ? { host: url.hostname, port: Number(url.port || 2375), path }
        : undefined;
  if (!target) return Promise.reject(new Error(`unsupported DOCKER_HOST scheme ${url.protocol}`));
  return new Promise((resolve, reject) => {
    const req = request({ ...target, method: "GET", timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** Resolves with the daemon's version, rejects with a one-line reason. */
export async function pingDocker(endpoint: string, timeoutMs = 3000): Promise<string> {
  const ping = await dockerGet(endpoint, "/_ping", timeoutMs);
  if (ping.status !== 200) throw new Error(`GET /_ping answered HTTP ${ping.status}`);
  const version = await dockerGet(endpoint, "/version", timeoutMs);
  try {
    return (JSON.parse(version.body) as { Version?: string }).Version ?? "unknown version";
  } catch {
    return "unknown version";
  }
}
