/**
 * Spectral libraries as USGS distributes them hold more than reflectance spectra:
 * - deleted channels: the USGS SPECPR "deleted point" value -1.23e34 marks channels with no valid
 *   measurement (Clark et al. 2007, splib06a, USGS DS 231; Kokaly et al. 2017, splib07, USGS DS 1035:
 *   "Deleted point/missing data/data_ignore value = -1.230000e+034"). Read as numbers they wreck every
 *   angle and distance; values at or below DELETED_VALUE_LIMIT become NaN.
 * - rows that are not spectra: the wavelength and resolution (bandpass) vectors, the channel numbers and
 *   the "error bars to preceding" records of splib07 (and of the SUnSAL USGS_1995_Library.mat). They
 *   are left out by name; the wavelength/resolution rows (µm) supply wavelengths/FWHM when the file has none.
 */
import type { Spectra } from '../../../core/values.ts';

/** Values at or below this are USGS deleted-channel markers (-1.23e34), not data. */
export const DELETED_VALUE_LIMIT = -1e30;

/** Names of library rows that are not spectra (USGS SPECPR record titles). */
const NOT_SPECTRUM: { pattern: RegExp; role?: 'wavelengths' | 'fwhm' }[] = [
  { pattern: /^wavelengths?\s+in\s+(microns|micrometers|µm|um)\b/i, role: 'wavelengths' },
  { pattern: /^(resolution|bandpass)\b.*\bin\s+(microns|micrometers|µm|um)\b/i, role: 'fwhm' },
  { pattern: /^(wavelengths?|resolution|bandpass)\b.*\bin\s+(nm|nanometers)\b/i },
  { pattern: /^error\s+bars\s+to\s+preceding\b/i },
  { pattern: /^data\s+value\s*=\s*channel\s+number\b/i },
];

export interface LibraryCleanup {
  spectra: Spectra;
  /** Names of the rows left out as not spectra, in file order. */
  leftOut: string[];
  /** How many spectra hold deleted channels, and how many channels (values) were set to NaN. */
  marked: { spectra: number; channels: number };
  /** One line per change made, for ctx.log (empty when the library needed none). */
  notes: string[];
}

/** Leaves out non-spectrum rows and turns deleted-channel markers into NaN; `file` names the library in notes. */
export function cleanLibrary(input: Spectra, file: string): LibraryCleanup {
  const notes: string[] = [];
  const { spectra, leftOut } = dropNonSpectra(input, file, notes);
  const marked = markDeletedChannels(spectra);
  if (marked.spectra > 0) {
    const worst = marked.worst;
    notes.push(
      `${file}: ${marked.spectra} of ${spectra.count} spectra have deleted channels (the USGS marker -1.23e34, i.e. values <= -1e30, or the header's data ignore value): ` +
        `${marked.channels} channel values are NaN (most in spectrum ${worst.index} '${spectra.names[worst.index]}': ${worst.channels} of ${spectra.bands} channels); ` +
        'detectors refuse a NaN target, so pick a spectrum without them or drop those bands',
    );
  }
  return { spectra, leftOut, marked: { spectra: marked.spectra, channels: marked.channels }, notes };
}

function dropNonSpectra(input: Spectra, file: string, notes: string[]): { spectra: Spectra; leftOut: string[] } {
  const keep: number[] = [];
  const leftOut: string[] = [];
  let wavelengthRow = -1, fwhmRow = -1;
  input.names.forEach((name, k) => {
    const match = NOT_SPECTRUM.find((n) => n.pattern.test(name.trim()));
    if (!match) return keep.push(k);
    leftOut.push(name.trim());
    if (match.role === 'wavelengths' && wavelengthRow < 0) wavelengthRow = k;
    if (match.role === 'fwhm' && fwhmRow < 0) fwhmRow = k;
  });
  if (leftOut.length === 0) return { spectra: input, leftOut };
  const bands = input.bands;
  const data = new Float64Array(keep.length * bands);
  keep.forEach((k, i) => data.set(input.data.subarray(k * bands, (k + 1) * bands), i * bands));
  const spectra: Spectra = { ...input, count: keep.length, data, names: keep.map((k) => input.names[k]) };
  notes.push(`${file}: left out ${leftOut.length} of ${input.count} rows that are not spectra (${summarise(leftOut)})`);
  // µm rows → nm, used only where the file itself gave no wavelengths and every value is a plausible one.
  const row = (k: number) => Array.from(input.data.subarray(k * bands, (k + 1) * bands), (v) => v * 1000);
  if (!input.wavelengths && wavelengthRow >= 0) {
    const wavelengths = row(wavelengthRow);
    if (wavelengths.every((w) => Number.isFinite(w) && w > 0)) {
      spectra.wavelengths = wavelengths;
      notes.push(`${file}: wavelengths taken from row '${input.names[wavelengthRow].trim()}' (µm, converted to nm)`);
      const fwhm = fwhmRow >= 0 ? row(fwhmRow) : undefined;
      if (!input.fwhm && fwhm?.every((w) => Number.isFinite(w) && w > 0)) spectra.fwhm = fwhm;
    }
  }
  return { spectra, leftOut };
}

/** Sets values <= DELETED_VALUE_LIMIT to NaN in place; counts spectra and NaN channels, and the spectrum with the most. */
function markDeletedChannels(spectra: Spectra): { spectra: number; channels: number; worst: { index: number; channels: number } } {
  const { data, bands } = spectra;
  let marked = 0, channels = 0;
  const worst = { index: -1, channels: 0 };
  for (let k = 0; k < spectra.count; k++) {
    let here = 0;
    for (let i = k * bands; i < (k + 1) * bands; i++) {
      // NaN too: the ENVI reader already turns a header's `data ignore value` into NaN.
      if (!(data[i] > DELETED_VALUE_LIMIT)) {
        data[i] = NaN;
        here++;
      }
    }
    if (here === 0) continue;
    marked++;
    channels += here;
    if (here > worst.channels) Object.assign(worst, { index: k, channels: here });
  }
  return { spectra: marked, channels, worst };
}

/** "'a', 'b', 680 × 'c'": distinct names in order of first appearance with their counts. */
function summarise(names: string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, c]) => (c > 1 ? `${c} × '${n}'` : `'${n}'`)).join(', ');
}
