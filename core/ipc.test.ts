import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNELS, IpcError, isChannel, validateRequest } from './ipc.ts';

const doc = { bandwire: 1, nodes: [{ id: 'rx', type: 'detect.rx' }], edges: [] };

test('valid requests pass and keep only known fields', () => {
  assert.deepEqual(validateRequest('catalogue', undefined), {});
  assert.deepEqual(validateRequest('preview', { node: 'rx', port: 'score', maxSize: 256, bands: [1, 2, 3] }), { node: 'rx', port: 'score', maxSize: 256, bands: [1, 2, 3] });
  assert.deepEqual(validateRequest('spectrum', { node: 'scene', port: 'cube', row: 3, col: 4 }), { node: 'scene', port: 'cube', row: 3, col: 4 });
  assert.equal(validateRequest('run', { doc, target: 'rx' }).target, 'rx');
  assert.deepEqual(validateRequest('pickPath', { mode: 'save', extensions: ['json'] }), { mode: 'save', extensions: ['json'] });
  assert.equal(validateRequest('saveFile', { path: '/tmp/g.json', doc, overwrite: true }).overwrite, true);
  assert.equal(validateRequest('saveFile', { path: '/tmp/g.json', doc }).overwrite, undefined);
  assert.deepEqual(validateRequest('listFolder', {}), {});
  assert.deepEqual(validateRequest('listFolder', undefined), {});
  assert.deepEqual(validateRequest('listFolder', { path: 'data/../graphs' }), { path: 'data/../graphs' });
});

test('bad requests are refused with the field named', () => {
  const refuse = (channel: Parameters<typeof validateRequest>[0], payload: unknown, pattern: RegExp) =>
    assert.throws(() => validateRequest(channel, payload), (e: unknown) => e instanceof IpcError && pattern.test(e.message));
  refuse('preview', { node: 'rx' }, /'preview\.port' must be a node id/);
  refuse('preview', { node: 'rx', port: 'score', maxSize: 10 }, /'preview\.maxSize' must be an integer in \[16, 4096\]/);
  refuse('preview', { node: 'rx', port: 'score', bands: [1, 2] }, /'preview\.bands' must be a list of 3/);
  refuse('spectrum', { node: 'rx', port: 'score', row: -1, col: 0 }, /'spectrum\.row'/);
  refuse('spectrum', { node: '../etc', port: 'x', row: 0, col: 0 }, /'spectrum\.node'/);
  refuse('catalogue', { extra: 1 }, /'catalogue\.extra' is not a known field/);
  refuse('validate', { doc: { bandwire: 1, nodes: 'x' } }, /'nodes' must be a list/);
  refuse('validate', { doc: { bandwire: 99, nodes: [], edges: [] } }, /newer|version/i);
  refuse('openFile', { path: 42 }, /'openFile\.path' must be a string/);
  refuse('pickPath', { mode: 'delete' }, /'pickPath\.mode'/);
  refuse('saveFile', { path: '/tmp/g.json', doc, overwrite: 'yes' }, /'saveFile\.overwrite' must be true or false/);
  refuse('validate', [], /'validate' must be an object/);
  refuse('listFolder', { path: 3 }, /'listFolder\.path' must be a non-empty folder path/);
  refuse('listFolder', { path: '' }, /'listFolder\.path' must be a non-empty folder path/);
  refuse('listFolder', { path: 'a\0b' }, /'listFolder\.path'/);
  refuse('listFolder', { path: 'x'.repeat(5000) }, /'listFolder\.path' must be a string \(at most 4096/);
  refuse('listFolder', { path: '/tmp', hidden: true }, /'listFolder\.hidden' is not a known field/);
});

test('channel names are checked', () => {
  assert.ok(CHANNELS.includes('preview'));
  assert.ok(CHANNELS.includes('listFolder'));
  assert.equal(isChannel('preview'), true);
  assert.equal(isChannel('toString'), false);
  assert.equal(isChannel('__proto__'), false);
});
