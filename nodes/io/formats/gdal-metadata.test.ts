import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runNode, tempDir } from '../../../test/harness.ts';
import { createNodeFiles } from '../../../engine/files.ts';
import { ioWrite } from '../write.ts';
import { sampleCube } from '../test-helpers.ts';
import { gdalMetadataItems, openTiff } from './tiff-read.ts';

test('GDAL_METADATA items parse in one pass: dataset and per-band items, escaped inner text, self-closing items', () => {
  const xml = [
    '<GDALMetadata>',
    '  <Item name="bandwire_graph">{&quot;a&quot;:1}</Item>',
    '  <Item name="DESCRIPTION" sample="0" role="description">roof &amp; road</Item>',
    '  <Item sample="1" name="wavelength">550.5</Item>',
    '  <Item name="empty" sample="1"/>',
    '  <Item name="far" sample="7">x</Item>',
    '</GDALMetadata>',
  ].join('\n');
  const { dataset, items } = gdalMetadataItems(xml, 2);
  assert.deepEqual(dataset, { bandwire_graph: '{&quot;a&quot;:1}' });
  assert.deepEqual(items, [{ DESCRIPTION: 'roof &amp; road' }, { wavelength: '550.5', empty: '' }]);
});

test('the one-pass parse equals geotiff.js getGDALMetadata per band on a written GeoTIFF', async () => {
  const dir = tempDir();
  const cube = sampleCube(8, 9, 5);
  cube.bandNames = ['a', 'b & c', 'd', 'e', 'f'];
  await runNode(ioWrite, { raster: { ...cube, units: 'W/(m2 sr um)' } }, { path: join(dir, 'm.tif') });
  const tiff = await openTiff(createNodeFiles({ baseDir: dir }), join(dir, 'm.tif'));
  try {
    const xml = String(await (tiff.image.fileDirectory as unknown as { loadValue(n: string): Promise<unknown> }).loadValue('GDAL_METADATA'));
    const { dataset, items } = gdalMetadataItems(xml, 5);
    for (let b = 0; b < 5; b++) assert.deepEqual(items[b], await tiff.image.getGDALMetadata(b), `band ${b}`);
    assert.deepEqual(dataset, (await tiff.image.getGDALMetadata()) ?? {});
    assert.equal(tiff.info.units, 'W/(m2 sr um)');
    assert.deepEqual(tiff.info.bandNames, cube.bandNames);
  } finally {
    await tiff.close();
  }
});
