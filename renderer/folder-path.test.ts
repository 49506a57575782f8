import { test } from 'node:test';
import assert from 'node:assert/strict';
import { folderOf, formatSize, hasExtension, isAbsolutePath, joinPath, nameOf } from './folder-path.ts';

test('paths join against a folder; absolute text stays', () => {
  assert.equal(joinPath('/data', 'a.hdr'), '/data/a.hdr');
  assert.equal(joinPath('/', 'a.hdr'), '/a.hdr');
  assert.equal(joinPath('/data', '../x/b.json'), '/data/../x/b.json');
  assert.equal(joinPath('/data', '/srv/c.json'), '/srv/c.json');
  assert.equal(joinPath('/data', ''), '/data');
  assert.equal(joinPath('C:\\data', 'a.hdr'), 'C:\\data\\a.hdr');
  assert.equal(joinPath('C:\\', 'a.hdr'), 'C:\\a.hdr');
  assert.equal(isAbsolutePath('D:/x'), true);
  assert.equal(isAbsolutePath('x/y'), false);
});

test('folder and name of a path', () => {
  assert.equal(folderOf('/data/sub/a.hdr'), '/data/sub');
  assert.equal(folderOf('/a.hdr'), '/');
  assert.equal(folderOf('a.hdr'), '');
  assert.equal(folderOf('C:\\a.hdr'), 'C:\\');
  assert.equal(folderOf('C:\\data\\a.hdr'), 'C:\\data');
  assert.equal(nameOf('/data/sub/a.hdr'), 'a.hdr');
  assert.equal(nameOf('a.hdr'), 'a.hdr');
});

test('extension filter and sizes', () => {
  assert.equal(hasExtension('Scene.HDR', ['hdr', 'mat']), true);
  assert.equal(hasExtension('scene.hdr.bak', ['hdr']), false);
  assert.equal(hasExtension('anything', undefined), true);
  assert.equal(hasExtension('anything', []), true);
  assert.equal(formatSize(812), '812 B');
  assert.equal(formatSize(4300), '4.2 KB');
  assert.equal(formatSize(1.6 * 1024 ** 3), '1.6 GB');
  assert.equal(formatSize(200 * 1024 ** 2), '200 MB');
});
