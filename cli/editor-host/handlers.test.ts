import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { RunEvent } from '../../core/events.ts';
import { serializeGraph } from '../../core/graph.ts';
import { IpcError, type ListFolderResponse, type OpenResponse, type PreviewResponse } from '../../core/ipc.ts';
import type { NodeInfo } from '../../core/node-def.ts';
import { makeRaster } from '../../core/values.ts';
import { createFakeHost } from './fake-host.ts';
import { createHandlers, dispatch } from './handlers.ts';
import { folderError, listFolder } from './list-folder.ts';

/** Decodes our own PNG (8-bit RGB, filter 0) into width, height and RGB bytes. */
function decodePng(base64: string) {
  const bytes = Buffer.from(base64, 'base64');
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const idatLength = bytes.readUInt32BE(33);
  const raw = inflateSync(bytes.subarray(41, 41 + idatLength));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) rgb.set(raw.subarray(y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1)), y * width * 3);
  return { width, height, rgb };
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'bandwire-handlers-'));
  const events: RunEvent[] = [];
  const host = createFakeHost();
  mkdirSync(join(dir, 'examples'));
  writeFileSync(join(dir, 'examples', 'a.json'), JSON.stringify({ bandwire: 1, name: 'Example A', nodes: [], edges: [] }));
  const handlers = createHandlers({ host, emit: (e) => events.push(e), configDir: join(dir, 'config'), examplesDir: join(dir, 'examples'), cwd: dir, shell: 'browser' });
  // A 20 x 30 cube, 5 bands at 460..900 nm; band b of pixel (r, c) = r * 100 + c + b * 1000.
  const rows = 20, cols = 30, bands = 5;
  const data = new Float32Array(rows * cols * bands);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) for (let b = 0; b < bands; b++) data[(r * cols + c) * bands + b] = r * 100 + c + b * 1000;
  host.outputs.set('scene.cube', makeRaster(rows, cols, bands, data, { wavelengths: [460, 550, 640, 800, 900], role: 'cube' }));
  host.outputs.set('rx.score', makeRaster(rows, cols, 1, data.filter((_, i) => i % bands === 0), { role: 'band' }));
  host.outputs.set('scene.endmembers', { kind: 'spectra', count: 2, bands: 3, data: new Float64Array([1, 2, 3, 4, 5, 6]), names: ['a', 'b'], wavelengths: [400, 500, 600] });
  return { dir, events, host, handlers };
}

test('cube preview: true colour bands, 2-98 % stretch, downsampled on the host', async () => {
  const { handlers } = setup();
  const p = (await dispatch(handlers, 'preview', { node: 'scene', port: 'cube' })) as PreviewResponse;
  assert.equal(p.mode, 'rgb');
  assert.deepEqual(p.shownBands, [2, 1, 0]); // 640, 550, 460 nm
  assert.deepEqual([p.width, p.height, p.rows, p.cols], [30, 20, 20, 30]);
  // Band 0 values r*100+c over 600 pixels: the 2nd and 98th percentiles by rank.
  const sorted = Array.from({ length: 600 }, (_, i) => Math.floor(i / 30) * 100 + (i % 30)).sort((a, b) => a - b);
  assert.equal(p.low[2], sorted[Math.round(0.02 * 599)]);
  assert.equal(p.high[2], sorted[Math.round(0.98 * 599)]);
  const image = decodePng(p.png);
  assert.deepEqual([image.width, image.height], [30, 20]);
  assert.equal(image.rgb[0], 0); // top-left is below the 2 % point: black
  assert.equal(image.rgb[(19 * 30 + 29) * 3], 255); // bottom-right above the 98 % point
  const small = (await dispatch(handlers, 'preview', { node: 'scene', port: 'cube', maxSize: 16, bands: [4, 3, 0] })) as PreviewResponse;
  assert.deepEqual([small.width, small.height, small.shownBands], [15, 10, [4, 3, 0]]);
  await assert.rejects(dispatch(handlers, 'preview', { node: 'scene', port: 'cube', bands: [9, 0, 0] }), /band 9 is out of range.*5 bands/);
});

test('band preview is a colour-mapped map; spectra, values and errors', async () => {
  const { handlers } = setup();
  const p = (await dispatch(handlers, 'preview', { node: 'rx', port: 'score' })) as PreviewResponse;
  assert.equal(p.mode, 'map');
  assert.equal(p.colormap, 'viridis');
  const image = decodePng(p.png);
  assert.deepEqual([...image.rgb.subarray(0, 3)], [68, 1, 84]); // viridis(0)
  assert.deepEqual(await dispatch(handlers, 'spectrum', { node: 'scene', port: 'cube', row: 2, col: 3 }), { values: [203, 1203, 2203, 3203, 4203], wavelengths: [460, 550, 640, 800, 900], bandNames: undefined, units: undefined });
  await assert.rejects(dispatch(handlers, 'spectrum', { node: 'scene', port: 'cube', row: 20, col: 0 }), /outside 'scene\.cube' \(20 x 30\)/);
  await assert.rejects(dispatch(handlers, 'preview', { node: 'nope', port: 'cube' }), /no value for 'nope\.cube' yet/);
  await assert.rejects(dispatch(handlers, 'preview', { node: 'scene', port: 'endmembers' }), /holds spectra, not a raster/);
  await assert.rejects(dispatch(handlers, 'nosuch', {}), /unknown channel 'nosuch'/);
  assert.deepEqual(await dispatch(handlers, 'value', { node: 'scene', port: 'endmembers' }), { kind: 'spectra', count: 2, bands: 3, names: ['a', 'b'], wavelengths: [400, 500, 600], data: [[1, 2, 3], [4, 5, 6]] });
});

test('open, save (atomic), recent files, examples and recovery', async () => {
  const { dir, handlers } = setup();
  const doc = { bandwire: 1, name: 'g', nodes: [{ id: 'rx', type: 'detect.rx', params: { window: 5 } }], edges: [] };
  assert.deepEqual(await dispatch(handlers, 'saveFile', { path: 'g', doc }), { path: join(dir, 'g.json') });
  assert.equal(readFileSync(join(dir, 'g.json'), 'utf8'), serializeGraph(doc));
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  const opened = (await dispatch(handlers, 'openFile', { path: join(dir, 'g.json') })) as { doc: unknown; diagnostics: unknown[] };
  assert.deepEqual(opened.doc, doc);
  writeFileSync(join(dir, 'bad.json'), '{ "bandwire": 1, ');
  const bad = (await dispatch(handlers, 'openFile', { path: join(dir, 'bad.json') })) as { doc?: unknown; diagnostics: { code: string; message: string }[] };
  assert.equal(bad.doc, undefined);
  assert.equal(bad.diagnostics[0].code, 'GRAPH_PARSE');
  const missing = (await dispatch(handlers, 'openFile', { path: join(dir, 'missing.json') })) as { diagnostics: { code: string }[] };
  assert.equal(missing.diagnostics[0].code, 'FILE_NOT_FOUND');
  assert.deepEqual(await dispatch(handlers, 'recentFiles', {}), { paths: [join(dir, 'bad.json'), join(dir, 'g.json')] });
  await assert.rejects(dispatch(handlers, 'openFile', {}), /'openFile\.path' is required in browser mode/);
  assert.deepEqual(await dispatch(handlers, 'examples', {}), { examples: [{ name: 'Example A', path: join(dir, 'examples', 'a.json') }] });
  assert.deepEqual(await dispatch(handlers, 'recoveryLoad', {}), {});
  await dispatch(handlers, 'recoverySave', { doc, path: '/x/g.json' });
  const recovered = (await dispatch(handlers, 'recoveryLoad', {})) as { doc: unknown; path: string; savedAt: string };
  assert.deepEqual([recovered.doc, recovered.path], [doc, '/x/g.json']);
  await dispatch(handlers, 'recoveryClear', {});
  assert.deepEqual(await dispatch(handlers, 'recoveryLoad', {}), {});
});

test('run streams events, refuses a second run while one is going, and cancels', async () => {
  const { dir, handlers, host, events } = setup();
  const doc = { bandwire: 1, nodes: [{ id: 'rx', type: 'detect.rx' }], edges: [] };
  const { runId } = (await dispatch(handlers, 'run', { doc, target: 'rx', path: join(dir, 'sub', 'g.json') })) as { runId: string };
  assert.deepEqual(host.runs[0].options, { baseDir: join(dir, 'sub'), target: 'rx' });
  assert.equal(events[0].type, 'started');
  await assert.rejects(dispatch(handlers, 'run', { doc }), /already in progress/);
  assert.deepEqual(await dispatch(handlers, 'cancel', { runId: 'other' }), { cancelled: false });
  assert.deepEqual(await dispatch(handlers, 'cancel', { runId }), { cancelled: true });
  await new Promise((r) => setImmediate(r));
  assert.equal(events.at(-1)?.type, 'finished');
  await dispatch(handlers, 'run', { doc });
  host.finish();
  assert.deepEqual(host.runs[1].options, { baseDir: dir, target: undefined });
});

test('saveFile never replaces a file unless asked, and refuses a missing folder', async () => {
  const { dir, handlers } = setup();
  const doc = { bandwire: 1, name: 'g', nodes: [], edges: [] };
  const precious = join(dir, 'exists.json');
  writeFileSync(precious, '{"precious":true}');
  assert.deepEqual(await dispatch(handlers, 'saveFile', { path: precious, doc }), { exists: precious });
  assert.equal(readFileSync(precious, 'utf8'), '{"precious":true}');
  assert.deepEqual(await dispatch(handlers, 'saveFile', { path: precious, doc, overwrite: false }), { exists: precious });
  assert.deepEqual(await dispatch(handlers, 'saveFile', { path: precious, doc, overwrite: true }), { path: precious });
  assert.equal(readFileSync(precious, 'utf8'), serializeGraph(doc));
  // No temporary files left beside the target, either way.
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  const missing = join(dir, 'no-such-folder', 'x.json');
  await assert.rejects(dispatch(handlers, 'saveFile', { path: missing, doc }), /cannot save .*x\.json: folder .*no-such-folder does not exist/);
  await assert.rejects(dispatch(handlers, 'saveFile', { path: missing, doc, overwrite: true }), /does not exist/);
  assert.equal(existsSync(join(dir, 'no-such-folder')), false);
  await assert.rejects(dispatch(handlers, 'saveFile', { path: join(precious, 'x.json'), doc }), /is not a folder/);
  // A folder given as the file: refused, not saved as '<folder>.json' beside it.
  mkdirSync(join(dir, 'graphs'));
  await assert.rejects(dispatch(handlers, 'saveFile', { path: join(dir, 'graphs'), doc }), /cannot save: .*graphs is a folder; add a file name/);
  assert.equal(existsSync(join(dir, 'graphs.json')), false);
});

test('an example opens as an untitled copy: absolute read paths, write paths rebased per user', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bandwire-handlers-'));
  const catalogue = [
    { id: 'io.read', version: 1, title: 'Read', category: 'io', description: '', inputs: [], outputs: [], params: { path: { kind: 'path', io: 'read', description: 'in' }, variable: { kind: 'string', description: 'v' } } },
    { id: 'io.writePng', version: 1, title: 'PNG', category: 'io', description: '', inputs: [], outputs: [], params: { path: { kind: 'path', io: 'write', description: 'out' } } },
  ] as unknown as NodeInfo[];
  const host = createFakeHost(catalogue);
  const examples = join(dir, 'app', 'graphs', 'examples');
  mkdirSync(examples, { recursive: true });
  const example = {
    bandwire: 1,
    name: 'Demo',
    nodes: [
      { id: 'read', type: 'io.read', params: { path: '../../data/scene.mat', variable: 'out/x' } },
      { id: 'map', type: 'io.writePng', params: { path: 'out/map.png' } },
      { id: 'up', type: 'io.writePng', params: { path: '../../escape.png' } },
      { id: 'fixed', type: 'io.writePng', params: { path: '/abs/keep.png' } },
      { id: 'rx', type: 'detect.rx', params: { window: 5 } },
    ],
    edges: [],
  };
  writeFileSync(join(examples, 'demo-graph.json'), JSON.stringify(example));
  const config = join(dir, 'config');
  const handlers = createHandlers({ host, emit: () => {}, configDir: config, examplesDir: examples, cwd: join(dir, 'work'), shell: 'browser' });
  const opened = (await dispatch(handlers, 'openFile', { path: join(examples, 'demo-graph.json') })) as OpenResponse;
  const outputs = join(config, 'example-outputs', 'demo-graph');
  assert.equal(opened.path, undefined);
  assert.equal(opened.copyOf, join(examples, 'demo-graph.json'));
  assert.equal(opened.outputDir, outputs);
  assert.equal(opened.doc?.name, 'Demo (example copy)');
  const params = Object.fromEntries(opened.doc!.nodes.map((n) => [n.id, n.params]));
  assert.deepEqual(params, {
    read: { path: join(dir, 'app', 'data', 'scene.mat'), variable: 'out/x' },
    map: { path: join(outputs, 'out', 'map.png') },
    up: { path: join(outputs, 'escape.png') },
    fixed: { path: '/abs/keep.png' },
    rx: { window: 5 },
  });
  // The example file is untouched and not a recent file; a run of the copy writes under the outputs folder.
  assert.deepEqual(JSON.parse(readFileSync(join(examples, 'demo-graph.json'), 'utf8')), example);
  assert.deepEqual(await dispatch(handlers, 'recentFiles', {}), { paths: [] });
  await dispatch(handlers, 'run', { doc: opened.doc });
  assert.equal(host.runs[0].doc.nodes[1].params?.path, join(outputs, 'out', 'map.png'));
  host.finish();
  // Any other file opens in place, with its path.
  writeFileSync(join(dir, 'mine.json'), JSON.stringify(example));
  const mine = (await dispatch(handlers, 'openFile', { path: join(dir, 'mine.json') })) as OpenResponse;
  assert.deepEqual([mine.path, mine.copyOf, mine.doc], [join(dir, 'mine.json'), undefined, example]);
});

test('listFolder: host folder by default, folders first then by name, no dot entries, sizes, parent, errors name the path', async () => {
  const { dir, handlers } = setup();
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'data', 'B10'));
  mkdirSync(join(dir, 'data', 'b2'));
  mkdirSync(join(dir, 'data', '.hidden'));
  writeFileSync(join(dir, 'data', 'scene.hdr'), 'ENVI\n'); // 5 bytes
  writeFileSync(join(dir, 'data', 'a.json'), '{}'); // 2 bytes
  writeFileSync(join(dir, 'data', '.secret'), 'x');
  symlinkSync(join(dir, 'data', 'b2'), join(dir, 'data', 'link-to-b2'));
  const top = (await dispatch(handlers, 'listFolder', {})) as ListFolderResponse;
  assert.equal(top.path, dir);
  assert.equal(top.parent, dirname(dir));
  assert.deepEqual(top.entries.map((e) => [e.name, e.folder]), [['data', true], ['examples', true]]);
  const data = (await dispatch(handlers, 'listFolder', { path: 'data' })) as ListFolderResponse;
  assert.equal(data.path, join(dir, 'data'));
  assert.deepEqual(data.entries, [
    { name: 'b2', folder: true },
    { name: 'B10', folder: true },
    { name: 'link-to-b2', folder: true },
    { name: 'a.json', folder: false, size: 2 },
    { name: 'scene.hdr', folder: false, size: 5 },
  ]);
  assert.equal(data.omitted, undefined);
  const up = (await dispatch(handlers, 'listFolder', { path: `${dir}/data/b2/../..` })) as ListFolderResponse;
  assert.equal(up.path, dir);
  const root = (await dispatch(handlers, 'listFolder', { path: '/' })) as ListFolderResponse;
  assert.equal(root.parent, undefined);
  const cut = await listFolder(join(dir, 'data'), 3);
  assert.deepEqual([cut.entries.map((e) => e.name), cut.omitted], [['b2', 'B10', 'link-to-b2'], 2]);

  const refuse = (path: string, pattern: RegExp) =>
    assert.rejects(dispatch(handlers, 'listFolder', { path }), (e: unknown) => e instanceof IpcError && pattern.test(e.message));
  await refuse('missing', new RegExp(`folder ${join(dir, 'missing')} does not exist`));
  await refuse('data/a.json', new RegExp(`${join(dir, 'data', 'a.json')} is a file, not a folder`));
  // Root reads any folder, so the mapping of a refused read is also checked on its own.
  const denied = folderError('/srv/locked', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
  assert.deepEqual([denied.message, denied.status], ['cannot read folder /srv/locked: permission denied', 403]);
  if (process.getuid?.() !== 0) {
    mkdirSync(join(dir, 'locked'), { mode: 0o000 });
    await refuse('locked', new RegExp(`cannot read folder ${join(dir, 'locked')}: permission denied`));
  }
});
