import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeHost } from './fake-host.ts';
import { startEditorServer, type EditorServer } from './server.ts';

let server: EditorServer;
const host = createFakeHost();

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bandwire-server-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'main.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  server = await startEditorServer({ host, rendererDir: join(dir), configDir: join(dir, 'config'), examplesDir: dir, cwd: dir });
});
after(async () => {
  await server.close();
});

/** A raw HTTP request (so the Host header can be forged). */
function call(path: string, options: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${server.port}`, ...options.headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

test('API calls need the token; the page needs it in the URL', async () => {
  const auth = { 'x-bandwire-token': server.token, origin: 'http://evil.example' };
  assert.equal((await call('/api/catalogue', { method: 'POST' })).status, 401);
  assert.equal((await call('/api/catalogue', { method: 'POST', headers: { 'x-bandwire-token': 'x'.repeat(48) } })).status, 401);
  const ok = await call('/api/catalogue', { method: 'POST', headers: auth, body: '{}' });
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(ok.body), { nodes: [] });
  assert.equal(ok.headers['access-control-allow-origin'], undefined, 'no CORS headers');
  assert.equal((await call('/api/catalogue', { headers: auth })).status, 405, 'GET is refused');
  assert.equal((await call('/')).status, 401);
  const page = await call(`/?token=${server.token}`);
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  assert.equal((await call('/main.js')).status, 200);
  assert.equal(server.url, `http://127.0.0.1:${server.port}/?token=${server.token}`);
});

test('the Host header must name the loopback address and port (no DNS rebinding)', async () => {
  assert.equal((await call(`/?token=${server.token}`, { host: `evil.example:${server.port}` })).status, 421);
  assert.equal((await call('/api/catalogue', { method: 'POST', host: 'localhost:1', headers: { 'x-bandwire-token': server.token } })).status, 421);
  assert.equal((await call(`/?token=${server.token}`, { host: `localhost:${server.port}` })).status, 200);
});

test('bad payloads get 400 with the field named; paths cannot leave the renderer folder', async () => {
  const auth = { 'x-bandwire-token': server.token };
  const bad = await call('/api/spectrum', { method: 'POST', headers: auth, body: '{"node":"a","port":"b","row":-1,"col":0}' });
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).error, /'spectrum\.row' must be an integer/);
  assert.equal((await call('/api/spectrum', { method: 'POST', headers: auth, body: '{not json' })).status, 400);
  assert.equal((await call('/api/nosuch', { method: 'POST', headers: auth, body: '{}' })).status, 404);
  assert.equal((await call('/%2e%2e/%2e%2e/etc/passwd')).status, 404);
});

test('run events stream over SSE with the token', async () => {
  assert.equal((await call('/api/events')).status, 401);
  const received = new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (res) => {
      assert.equal(res.headers['content-type'], 'text/event-stream');
      let text = '';
      res.on('data', (c) => {
        text += c;
        if (text.includes('"finished"')) {
          req.destroy();
          resolve(text);
        }
      });
      setTimeout(async () => {
        await call('/api/run', { method: 'POST', headers: { 'x-bandwire-token': server.token }, body: JSON.stringify({ doc: { bandwire: 1, nodes: [], edges: [] } }) });
        host.finish();
      }, 100);
    });
    req.on('error', reject);
    req.end();
  });
  const text = await received;
  assert.match(text, /data: \{"type":"started","runId":"run-1"/);
  assert.match(text, /data: \{"type":"finished"/);
});
