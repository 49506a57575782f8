/**
 * Browser-mode host: serves the renderer build and the IPC API over HTTP on 127.0.0.1.
 * Safety on a shared desktop: loopback only; a random per-launch token is required by every
 * API call (header `x-bandwire-token`, or `?token=` for the page and the event stream); the
 * Host header must be 127.0.0.1:<port> or localhost:<port> (no DNS rebinding); no CORS headers
 * are ever sent, so other origins cannot read responses; strict CSP and no-referrer on the page.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { RunEvent } from '../../core/events.ts';
import { IpcError, TOKEN_HEADER } from '../../core/ipc.ts';
import { createHandlers, dispatch, type EditorHostOptions } from './handlers.ts';

export interface EditorServerOptions extends Omit<EditorHostOptions, 'emit' | 'shell' | 'dialogs'> {
  /** Folder of the renderer build (dist/renderer). */
  rendererDir: string;
  /** 0 = a random free port. */
  port?: number;
}

export interface EditorServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const MAX_BODY = 32 * 1024 * 1024;

export async function startEditorServer(options: EditorServerOptions): Promise<EditorServer> {
  const token = randomBytes(24).toString('hex');
  const streams = new Set<ServerResponse>();
  const emit = (event: RunEvent) => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const s of streams) s.write(line);
  };
  const handlers = createHandlers({ ...options, emit, shell: 'browser' });
  let port = 0;

  const tokenOk = (given: string | null | undefined) => {
    if (!given || given.length !== token.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(token));
  };
  const send = (res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    res.end(body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: (e as Error).message }), 'application/json');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'bad Host header');
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/api/events') {
      if (!tokenOk(url.searchParams.get('token'))) return send(res, 401, 'missing or wrong token');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'use POST');
      if (!tokenOk(req.headers[TOKEN_HEADER] as string | undefined)) return send(res, 401, 'missing or wrong token');
      let payload: unknown;
      try {
        const text = await readBody(req);
        payload = text ? JSON.parse(text) : {};
      } catch (e) {
        return send(res, 400, JSON.stringify({ error: `request body: ${(e as Error).message}` }), 'application/json');
      }
      try {
        const result = await dispatch(handlers, url.pathname.slice(5), payload);
        return send(res, 200, JSON.stringify(result), 'application/json');
      } catch (e) {
        const status = e instanceof IpcError ? e.status : 500;
        return send(res, status, JSON.stringify({ error: (e as Error).message }), 'application/json');
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    const name = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    if (name === 'index.html' && !tokenOk(url.searchParams.get('token'))) return send(res, 401, 'open the URL printed by `bandwire serve` (it carries the token)');
    const file = normalize(join(options.rendererDir, name));
    if (!file.startsWith(normalize(options.rendererDir) + sep)) return send(res, 404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'not found');
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': CSP,
      'x-frame-options': 'DENY',
    });
    res.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n');
  }, 15000);
  heartbeat.unref();
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      clearInterval(heartbeat);
      for (const s of streams) s.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error(`larger than ${MAX_BODY} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
