import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer } from "./recorded.ts";

// A small local file host, standing in for the CDN a chat platform serves sent files from.

export interface HostedFile {
  body: Uint8Array | string;
  contentType?: string;
  /** Answer with this status (and no file) instead, e.g. 404 or 500. */
  status?: number;
  /** Leave out Content-Length, so a size cap must be enforced while reading. */
  chunked?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
  /** With a 3xx `status`: where to send the client. */
  location?: string;
}

export interface FileServer {
  base: string;
  /** Paths requested so far (any method), in arrival order. */
  requests: string[];
  /** Serves `file` at `/files/<name>` and returns its URL. */
  host(name: string, file: HostedFile): string;
  close(): Promise<void>;
}

export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, HostedFile>();
  const requests: string[] = [];
  const server = createServer(async (req, res) => {
    const url = req.url ?? "";
    requests.push(url);
    const file = files.get(url);
    if (file?.delayMs) await new Promise((resolve) => setTimeout(resolve, file.delayMs));
    if (!file || file.status) {
      res.writeHead(file?.status ?? 404, { "content-type": "text/plain", ...(file?.location && { location: file.location }) });
      res.end("not here");
      return;
    }
    const body = typeof file.body === "string" ? Buffer.from(file.body, "utf8") : Buffer.from(file.body);
    const headers: Record<string, string> = { "content-type": file.contentType ?? "application/octet-stream" };
    if (!file.chunked) headers["content-length"] = String(body.byteLength);
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    host(name, file) {
      const path = `/files/${encodeURIComponent(name)}`;
      files.set(path, file);
      return `${base}${path}`;
    },
    close: () => closeServer(server),
  };
}
