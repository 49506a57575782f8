/**
 * `bandwire inspect FILE [--json]` (CONTRACT §1): what a raster, spectral library or MAT-file
 * holds: size, data type, interleave, nodata, wavelengths (nm), FWHM and per-band statistics;
 * for libraries the spectra names; for .mat files every variable with its shape.
 */
import { BandwireError } from '../../core/errors.ts';
import { createNodeFiles } from '../../engine/files.ts';
import { openEnvi } from '../../nodes/io/formats/envi-read.ts';
import { openRaster, readMatFile, sniff } from '../../nodes/io/formats/open-raster.ts';
import { resolveSelection } from '../../nodes/io/formats/selection.ts';
import { flattenVariables } from '../../nodes/io/formats/mat-layout.ts';
import type { LibraryCleanup } from '../../nodes/io/formats/library-cleanup.ts';
import { readLibrary } from '../../nodes/io/read-spectra.ts';
import { EXIT, type CliIO } from '../io.ts';

type Report = Record<string, unknown>;

export interface BandStats {
  min: number | null;
  max: number | null;
  mean: number | null;
  /** How many values of the band are NaN (nodata / data ignore value pixels read as NaN). */
  nan: number;
}

/** min, max, mean of each band of a BIP cube, ignoring NaN and ±Infinity (null when a band has no finite value), and its NaN count. */
export function bandStats(data: Float32Array, bands: number): BandStats[] {
  const min = new Float64Array(bands).fill(Infinity), max = new Float64Array(bands).fill(-Infinity);
  const sum = new Float64Array(bands), count = new Float64Array(bands), nan = new Float64Array(bands);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) {
      if (v !== v) nan[i % bands]++;
      continue;
    }
    const b = i % bands;
    if (v < min[b]) min[b] = v;
    if (v > max[b]) max[b] = v;
    sum[b] += v;
    count[b]++;
  }
  return Array.from({ length: bands }, (_, b) => (count[b] ? { min: min[b], max: max[b], mean: sum[b] / count[b], nan: nan[b] } : { min: null, max: null, mean: null, nan: nan[b] }));
}

/** A library as io.readSpectra gives it, with what was left out (non-spectrum rows) and marked NaN (deleted channels). */
function spectraReport(format: string, library: LibraryCleanup): Report {
  const s = library.spectra;
  return {
    format, spectra: s.count, bands: s.bands, names: s.names, wavelengths: s.wavelengths,
    leftOutRows: library.leftOut.length || undefined,
    deletedChannels: library.marked.spectra ? { spectra: library.marked.spectra, values: library.marked.channels } : undefined,
  };
}

async function inspectFile(path: string, io: CliIO): Promise<Report> {
  const files = createNodeFiles({ baseDir: io.cwd });
  const abs = files.resolveInput(path);
  if (!(await files.exists(abs))) throw new BandwireError('FILE_NOT_FOUND', `${abs}: no such file`, { file: abs });
  const ctx = { files, progress: () => {} };
  if (/\.(csv|txt)$/i.test(abs)) return spectraReport('CSV', await readLibrary(ctx, abs));
  const kind = /\.(sli|hdr)$/i.test(abs) ? 'envi' : await sniff(files, abs);
  if (kind === 'envi' && /spectral library/i.test((await openEnvi(files, abs)).header.fileType)) {
    return spectraReport('ENVI Spectral Library', await readLibrary(ctx, abs));
  }
  const report: Report = {};
  if (kind === 'mat') {
    const vars = await readMatFile(files, abs);
    report.format = 'MAT';
    report.variables = flattenVariables(vars);
  }
  try {
    const source = await openRaster(files, abs);
    try {
      const sel = resolveSelection(source.height, source.width, source.bands, {}, abs);
      const data = await source.read(sel, {});
      Object.assign(report, {
        format: source.format, width: source.width, height: source.height, bands: source.bands, dtype: source.dtype,
        interleave: source.interleave, nodata: source.nodata, wavelengths: source.wavelengths, fwhm: source.fwhm,
        variable: source.variable, geoTransform: source.georef?.geoTransform, crs: source.georef?.crs,
        // ENVI bad-band list: the 0-based bands marked bad (io.read 'dropBadBands' leaves them out)
        badBands: source.bbl ? source.bbl.flatMap((good, b) => (good === 0 ? [b] : [])) : undefined,
        // shown, not applied: io.read 'applyScaleFactor' divides by it
        reflectanceScaleFactor: source.scaleFactor,
        units: source.units, scoreOrder: source.scoreOrder,
        stats: bandStats(data, source.bands),
      });
    } finally {
      await source.close();
    }
  } catch (e) {
    if (kind !== 'mat' || !(e instanceof BandwireError)) throw e;
  }
  return report;
}

function human(report: Report): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(report)) {
    if (value === undefined || key === 'stats') continue;
    if (key === 'deletedChannels') {
      const marked = value as { spectra: number; values: number };
      lines.push(`deletedChannels: ${marked.values} values in ${marked.spectra} spectra read as NaN (USGS marker -1.23e34)`);
      continue;
    }
    if (key === 'variables') {
      lines.push('variables:');
      for (const v of value as { name: string; class: string; dims: number[] }[]) lines.push(`  ${v.name}  ${v.class}  ${v.dims.join(' x ')}`);
    } else if (Array.isArray(value) && value.length > 8) {
      lines.push(`${key}: [${value.slice(0, 4).map(String).join(', ')}, ... ${value.length} values ..., ${String(value[value.length - 1])}]`);
    } else lines.push(`${key}: ${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}`);
  }
  const stats = report.stats as BandStats[] | undefined;
  if (stats) {
    lines.push('band      min          max          mean         nan');
    const number = (v: number | null) => (v === null ? 'null' : Number.isInteger(v) ? String(v) : v.toPrecision(6));
    stats.forEach((s, b) => lines.push(`${String(b).padStart(4)}  ${number(s.min).padEnd(11)}  ${number(s.max).padEnd(11)}  ${number(s.mean).padEnd(11)}  ${s.nan}`));
  }
  return lines.join('\n') + '\n';
}

export default async function inspect(argv: string[], io: CliIO): Promise<number> {
  const json = argv.includes('--json');
  const paths = argv.filter((a) => a !== '--json');
  if (paths.length !== 1 || paths[0].startsWith('--')) {
    io.stderr.write('usage: bandwire inspect FILE [--json]\n');
    return EXIT.invalid;
  }
  try {
    const report = await inspectFile(paths[0], io);
    io.stdout.write(json ? JSON.stringify(report) + '\n' : human(report));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof BandwireError) {
      io.stderr.write(`error: ${e.message}\n`);
      return EXIT.invalid;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`error: ${paths[0]}: ${message}\n`);
    return EXIT.invalid;
  }
}
