/**
 * io.writeSpectra: saves spectra (endmembers, targets, a library; K × bands) as a column-wise CSV or an
 * ENVI spectral library (.sli + .hdr, float64), both readable by io.readSpectra. Writes are atomic and
 * never replace a file unless `overwrite` is set.
 */
import { BandwireError, inputError } from '../../core/errors.ts';
import { refuseExisting, writeEnviFiles } from './envi-files.ts';
import { defineNode, type NodeContext } from '../../core/node-def.ts';
import type { Spectra } from '../../core/values.ts';
import { formatEnviHeader } from './formats/envi.ts';
import { csvName, spectraCsv } from './formats/csv-write.ts';
import { graphJsonOf } from './write.ts';

interface WriteSpectraParams extends Record<string, unknown> {
  path: string;
  overwrite: boolean;
}

/**
 * Checks shapes and values (NaN is a missing value, which ENVI stores as NaN and CSV as a `NaN` cell, both read
 * back as NaN; infinite values are refused); returns the wavelengths (nm) when there is one per band.
 */
function checkSpectra(spectra: Spectra, ctx: NodeContext): number[] | undefined {
  const { count, bands, data, names } = spectra;
  const port = { node: ctx.nodeId, port: 'spectra' };
  if (count === 0 || bands === 0) throw inputError(`input 'spectra' is empty (${count} spectra x ${bands} bands): nothing to write`, port);
  if (data.length !== count * bands) throw inputError(`input 'spectra' holds ${data.length} values, expected ${count} spectra x ${bands} bands = ${count * bands}`, port);
  if (names.length !== count) throw inputError(`input 'spectra' has ${names.length} names for ${count} spectra`, port);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]) && !Number.isNaN(data[i])) {
      const k = Math.floor(i / bands);
      throw inputError(`input 'spectra': spectrum ${k} ('${names[k]}') holds ${data[i]} at band ${i % bands}; infinite values are not written: replace them first`, port);
    }
  }
  if (spectra.wavelengths && spectra.wavelengths.length !== bands) {
    ctx.log(`warning: input 'spectra' has ${spectra.wavelengths.length} wavelengths for ${bands} bands; written without wavelengths`);
    return undefined;
  }
  return spectra.wavelengths;
}

/** Names as the format can hold them (no separators, none empty); logs a warning for every change. */
function safeNames(names: string[], clean: (name: string) => string, ctx: NodeContext, path: string, csv = false): string[] {
  let out = names.map((name, k) => clean(name) || `spectrum_${k + 1}`);
  // a CSV header of numbers only would be read back as the row-wise (hylite) layout
  if (csv && out.length > 1 && out.every((name) => Number.isFinite(Number(name)))) out = out.map((name) => `spectrum_${name}`);
  const changed = names.map((name, k) => [name, out[k]]).filter(([a, b]) => a !== b);
  if (changed.length) ctx.log(`warning: ${path}: ${changed.length} spectrum name(s) changed to fit the format, e.g. '${changed[0][0]}' -> '${changed[0][1]}'`);
  return out;
}

/** ENVI spectral library: `lines` = spectra, `samples` = bands, one float64 row per spectrum, little-endian. */
async function writeLibrary(spectra: Spectra, wavelengths: number[] | undefined, path: string, params: WriteSpectraParams, ctx: NodeContext): Promise<void> {
  const stem = path.replace(/\.(sli|hdr)$/i, '');
  const headerPath = `${stem}.hdr`, dataPath = `${stem}.sli`;
  if (!params.overwrite) await refuseExisting([headerPath, dataPath], ctx);
  const header = formatEnviHeader({
    samples: spectra.bands, lines: spectra.count, bands: 1, sampleType: 'float64', interleave: 'bsq', fileType: 'ENVI Spectral Library',
    wavelengths, fwhm: wavelengths && spectra.fwhm?.length === spectra.bands ? spectra.fwhm : undefined,
    spectraNames: safeNames(spectra.names, (name) => name.replace(/[,{}\r\n]/g, ' ').trim(), ctx, headerPath),
    graphJson: graphJsonOf(ctx),
  });
  const values = new Float64Array(spectra.data);
  const bytes = new Uint8Array(values.buffer);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    for (let i = 0; i < bytes.length; i += 8) bytes.subarray(i, i + 8).reverse(); // ENVI byte order 0 = little-endian
  }
  await writeEnviFiles(ctx, dataPath, bytes, headerPath, header, params.overwrite);
}

export const ioWriteSpectra = defineNode<WriteSpectraParams>({
  id: 'io.writeSpectra',
  version: 1,
  title: 'Write spectra',
  category: 'io',
  description: [
    'Saves spectra (endmembers from `unmix.vca`, targets, a library) so that `io.readSpectra`, spreadsheets and other tools read them back.',
    '',
    '- **`.csv`**: a first column `wavelength_nm` with the band centres in nm (`band` with 0-based indices when the spectra have no wavelengths), then one column per spectrum headed by its name; full float64 precision. Reads in pandas as `pd.read_csv(path, index_col=0)`.',
    '- **`.sli`** or **`.hdr`**: ENVI spectral library (`x.sli` + `x.hdr`, `file type = ENVI Spectral Library`; ENVI Header Format, L3Harris): one float64 spectrum per line, `spectra names`, `wavelength` with `wavelength units = Nanometers`, `fwhm`. Opens in ENVI, Spectral Python (`spectral.envi.open`) and `io.readSpectra` (which reads it back as float32).',
    '',
    'Names lose characters the format cannot hold (commas; braces in ENVI) with a warning. NaN (a missing value, e.g. a library\'s `data ignore value` as io.readSpectra reads it) is written as NaN (ENVI) or a `NaN` cell (CSV) and read back as NaN; infinite values are refused, naming the spectrum and band. An existing file is only replaced when `overwrite` is true; data goes to a temporary file that is renamed into place.',
  ].join('\n'),
  inputs: [{ name: 'spectra', type: 'spectra', description: 'K spectra over the same bands' }],
  outputs: [],
  params: {
    path: { kind: 'path', io: 'write', required: true, extensions: ['csv', 'sli', 'hdr'], description: 'output file: .csv, or .sli/.hdr (ENVI spectral library)' },
    overwrite: { kind: 'boolean', default: false, description: 'replace the file when it exists' },
  },
  async run(inputs, params, ctx) {
    const spectra = inputs.spectra;
    if (!spectra || spectra.kind !== 'spectra') throw inputError(`input 'spectra' must be spectra, got ${spectra?.kind ?? 'nothing'}`, { node: ctx.nodeId, port: 'spectra' });
    const path = ctx.files.resolveOutput(params.path);
    const wavelengths = checkSpectra(spectra, ctx);
    if (/\.csv$/i.test(path)) {
      const names = safeNames(spectra.names, csvName, ctx, path, true);
      await ctx.files.writeAtomic(path, spectraCsv(names, spectra.bands, spectra.data, wavelengths), { overwrite: params.overwrite });
    } else if (/\.(sli|hdr)$/i.test(path)) {
      await writeLibrary(spectra, wavelengths, path, params, ctx);
    } else {
      throw new BandwireError('PARAM_INVALID', `param 'path' = '${params.path}': unknown extension (use .csv, or .sli/.hdr for an ENVI spectral library)`, { node: ctx.nodeId, param: 'path' });
    }
    ctx.progress(1, `${spectra.count} spectra written`);
    return {};
  },
});
