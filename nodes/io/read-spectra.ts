/**
 * io.readSpectra: endmembers, targets or a whole library as `spectra` (K × bands, float64,
 * with names and wavelengths in nm) from ENVI spectral libraries, CSV or MATLAB .mat.
 */
import { BandwireError } from '../../core/errors.ts';
import { defineNode, type NodeContext } from '../../core/node-def.ts';
import type { Spectra } from '../../core/values.ts';
import { CsvFormatError, parseCsvLibrary } from './formats/csv.ts';
import { openEnvi, readEnviCube } from './formats/envi-read.ts';
import { cleanLibrary, type LibraryCleanup } from './formats/library-cleanup.ts';
import { numel, type MatValue } from './formats/mat.ts';
import { describeVariables, findVariable, matNames, matWavelengths } from './formats/mat-layout.ts';
import { readMatFile, sniff } from './formats/open-raster.ts';
import { formatError } from './formats/selection.ts';
import { asFileError } from './read-raster.ts';

interface SpectraParams extends Record<string, unknown> {
  path: string;
  variable: string;
}

/** ENVI .sli: `lines` spectra of `samples` bands, names from `spectra names`. */
export async function readSli(ctx: Pick<NodeContext, 'files' | 'progress'>, path: string): Promise<Spectra> {
  const env = await openEnvi(ctx.files, path);
  const h = env.header;
  const data = h.sampleType === 'float64' && h.bands === 1 ? await readFloat64(ctx, env.dataPath, h) : Float64Array.from(await readEnviCube(ctx.files, env, { row0: 0, col0: 0, rows: h.lines, cols: h.samples, bands: [0] }, { progress: (f) => ctx.progress(f, 'reading') }));
  const names = h.spectraNames?.length === h.lines ? h.spectraNames : Array.from({ length: h.lines }, (_, i) => `spectrum_${i + 1}`);
  return { kind: 'spectra', count: h.lines, bands: h.samples, data, names, wavelengths: h.wavelengths, fwhm: h.fwhm };
}

/** A float64 library read at full precision (the raster reader yields float32); `data ignore value` → NaN. */
async function readFloat64(ctx: Pick<NodeContext, 'files'>, dataPath: string, h: { lines: number; samples: number; headerOffset: number; littleEndian: boolean; ignoreValue?: number }): Promise<Float64Array> {
  const count = h.lines * h.samples;
  const file = await ctx.files.open(dataPath);
  try {
    if (file.size < h.headerOffset + count * 8) throw formatError(dataPath, `holds ${file.size} bytes, fewer than the ${h.lines} x ${h.samples} float64 values of its header (+ offset ${h.headerOffset})`);
    const bytes = await file.read(h.headerOffset, count * 8);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const v = view.getFloat64(i * 8, h.littleEndian);
      out[i] = v === h.ignoreValue ? NaN : v;
    }
    return out;
  } finally {
    await file.close();
  }
}

/** MAT: a bands × K matrix (Zhu `M`) or K × bands when a wavelength vector says so; names from `cood`/`names`. */
export function spectraFromMat(vars: MatValue[], variable: string, file: string): Spectra {
  let v: MatValue | undefined;
  if (variable) v = findVariable(vars, variable, file);
  else v = vars.find((x) => x.name === 'M') ?? vars.filter((x) => x.kind === 'numeric' && x.dims.length === 2 && numel(x) > 1).sort((a, b) => numel(b) - numel(a))[0];
  if (!v || v.kind !== 'numeric' || v.dims.length !== 2) {
    throw new BandwireError('PARAM_INVALID', `${file}: ${v ? `variable '${variable || v.name}' is not a 2-D numeric matrix` : 'no 2-D numeric matrix'} to read as spectra; set param 'variable' (struct fields as 'name.field'): the file holds ${describeVariables(vars)}`, { param: 'variable', file });
  }
  const [a, b] = v.dims;
  // Orientation: a wavelength vector decides, else a names list matching one dimension only (SUnSAL's
  // USGS_1995_Library.mat: `datalib` 224 × 501 with 501 `names`), else the longer dimension is bands.
  const named = (n: number) => matNames(vars, n) !== undefined;
  const byNames = named(b) !== named(a) ? named(b) : a >= b;
  const bandsFirst = matWavelengths(vars, a) !== undefined || (matWavelengths(vars, b) === undefined && byNames);
  const bands = bandsFirst ? a : b, count = bandsFirst ? b : a;
  const data = new Float64Array(count * bands);
  for (let k = 0; k < count; k++) {
    for (let l = 0; l < bands; l++) data[k * bands + l] = Number(v.data[bandsFirst ? l + k * a : k + l * a]);
  }
  const names = matNames(vars, count) ?? Array.from({ length: count }, (_, i) => `${v.name}_${i + 1}`);
  return { kind: 'spectra', count, bands, data, names, wavelengths: matWavelengths(vars, bands) };
}

export const ioReadSpectra = defineNode<SpectraParams>({
  id: 'io.readSpectra',
  // 2: deleted channels (-1.23e34) read as NaN, non-spectrum rows left out, MAT orientation from names
  version: 2,
  title: 'Read spectra',
  category: 'io',
  description: [
    'Loads spectra (endmembers, target signatures, a library) as a K × bands matrix with names and wavelengths in nm.',
    '',
    '- **ENVI spectral library** (`.sli` + `.hdr`, `file type = ENVI Spectral Library`): one spectrum per line, names from `spectra names`, wavelengths converted from `wavelength units` (e.g. USGS splib06 convolved to AVIRIS, Clark et al. 2007).',
    '- **CSV**: a wavelength column followed by one column per spectrum (names in the header), or one spectrum per row after a `name, w1, w2, ...` header (hylite). Wavelengths below 30 are read as µm.',
    '- **MATLAB .mat** (v5 or v7.3/HDF5): `variable` (default `M`, else the largest matrix) as bands × K (Zhu et al. ground truths: `M` with names in `cood`) or K × bands when a wavelength vector matches the second dimension, else when a names list (`names`, `cood`) matches the first dimension only (SUnSAL\'s `USGS_1995_Library.mat`).',
    '',
    'USGS libraries (splib06a, Clark et al. 2007; splib07, Kokaly et al. 2017) mark deleted channels with -1.23e34: values <= -1e30 become NaN, and the log says how many spectra and channels. Detectors refuse a target with NaN bands; pick another spectrum or drop those bands. Rows that are not spectra are left out by name (logged): the `Wavelengths in microns` and `Resolution in microns` vectors, `Data value = channel number` and splib07\'s `error bars to preceding` records; when the file has no wavelengths, the wavelength row gives them.',
  ].join('\n'),
  inputs: [],
  outputs: [{ name: 'spectra', type: 'spectra' }],
  params: {
    path: { kind: 'path', io: 'read', required: true, extensions: ['sli', 'hdr', 'csv', 'txt', 'mat'], description: 'ENVI .sli/.hdr, CSV or MATLAB .mat file' },
    variable: { kind: 'string', default: '', description: 'MAT-file variable (empty: M, else the largest matrix)' },
  },
  async run(_inputs, params, ctx) {
    const path = ctx.files.resolveInput(params.path);
    const { spectra, notes } = await readLibrary(ctx, path, params.variable).catch((e) => {
      throw asFileError(e, path, ctx.nodeId);
    });
    for (const note of notes) ctx.log(note);
    if (!spectra.wavelengths) delete spectra.wavelengths;
    if (!spectra.fwhm) delete spectra.fwhm;
    ctx.progress(1, `${spectra.count} spectra x ${spectra.bands} bands`);
    return { spectra };
  },
});

/**
 * Reads a library as io.readSpectra does (also `bandwire inspect`): any format, then rows that are not
 * spectra left out and deleted channels set to NaN (formats/library-cleanup.ts); `notes` say what changed.
 */
export async function readLibrary(ctx: Pick<NodeContext, 'files' | 'progress'>, path: string, variable = ''): Promise<LibraryCleanup> {
  let spectra: Spectra;
  if (/\.(csv|txt)$/i.test(path)) {
    const text = new TextDecoder().decode(await ctx.files.readFile(path));
    try {
      const lib = parseCsvLibrary(text);
      spectra = { kind: 'spectra', count: lib.names.length, bands: lib.bands, data: lib.data, names: lib.names, wavelengths: lib.wavelengths };
    } catch (e) {
      if (e instanceof CsvFormatError) throw formatError(path, e.message);
      throw e;
    }
  } else {
    const kind = /\.(sli|hdr)$/i.test(path) ? 'envi' : await sniff(ctx.files, path);
    if (kind === 'mat') spectra = spectraFromMat(await readMatFile(ctx.files, path), variable, path);
    else if (kind === 'envi') spectra = await readSli(ctx, path);
    else throw formatError(path, 'unknown spectral library format (expected ENVI .sli/.hdr, CSV or MATLAB .mat)');
  }
  return cleanLibrary(spectra, path);
}
