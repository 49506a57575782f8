/**
 * Preview of a raster output: the host renders a downsampled PNG (RGB composite or colour-mapped
 * band with a 2–98 % stretch); it is drawn on a canvas with wheel zoom and drag pan. Clicking a
 * pixel maps the click to (row, col) of the full raster and plots that pixel's spectrum; for a cube,
 * a button then adds that pixel as a spectrum (target or endmember) to the graph. Both lie below the
 * preview, so a pick scrolls them into view.
 */
import { useEffect, useRef, useState } from 'react';
import type { PreviewResponse, SpectrumResponse } from '../../core/ipc.ts';
import { bridge } from '../ipc-client.ts';
import { Plot } from './Plot.tsx';

const VIRIDIS_CSS = 'linear-gradient(to right, #440154, #472c7a, #3b518b, #2c718e, #21908d, #27ad81, #5cc863, #aadc32, #fde725)';

function NumberInput({ label, value, max, onChange }: { label: string; value: number; max: number; onChange: (v: number) => void }) {
  return (
    <label className="mini">
      {label}
      <input type="number" aria-label={label} min={0} max={max} value={value} onChange={(e) => Number.isFinite(e.target.valueAsNumber) && onChange(e.target.valueAsNumber)} />
    </label>
  );
}

/** `onUsePixel`, when given (cube outputs), adds the picked pixel as a spectrum (prep.pixelSpectra). */
export function RasterPreview({ node, port, revision, onUsePixel }: { node: string; port: string; revision: number; onUsePixel?: (row: number, col: number) => void }) {
  const [preview, setPreview] = useState<PreviewResponse>();
  const [error, setError] = useState('');
  const [bands, setBands] = useState<[number, number, number]>();
  const [band, setBand] = useState<number>();
  const [stretch, setStretch] = useState<[number, number]>([2, 98]);
  const [view, setView] = useState({ scale: 1, x: 0, y: 0 });
  const [spectrum, setSpectrum] = useState<SpectrumResponse & { row: number; col: number }>();
  const canvas = useRef<HTMLCanvasElement>(null);
  /** The picked pixel's button and plot, scrolled into view after a pick (they lie below the preview). */
  const picked = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean } | undefined>(undefined);

  useEffect(() => {
    setBands(undefined);
    setBand(undefined);
    setSpectrum(undefined);
    setView({ scale: 1, x: 0, y: 0 });
  }, [node, port]);

  useEffect(() => {
    if (!spectrum) return;
    // uPlot sizes its chart in a microtask after it is made: scroll once the plot has its height.
    const frame = requestAnimationFrame(() => picked.current?.scrollIntoView({ block: 'nearest' }));
    return () => cancelAnimationFrame(frame);
  }, [spectrum]);

  useEffect(() => {
    let live = true;
    bridge
      .invoke('preview', { node, port, bands, band, maxSize: 512, lowPercent: stretch[0], highPercent: stretch[1] })
      .then((p) => {
        if (!live) return;
        setPreview(p);
        setError('');
        const image = new Image();
        image.onload = () => {
          const c = canvas.current;
          if (!c || !live) return;
          c.width = p.width;
          c.height = p.height;
          c.getContext('2d')!.drawImage(image, 0, 0);
        };
        image.src = `data:image/png;base64,${p.png}`;
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [node, port, revision, bands, band, stretch]);

  const pick = async (event: React.MouseEvent<HTMLCanvasElement>) => {
    if (!preview || drag.current?.moved) return;
    const box = event.currentTarget.getBoundingClientRect();
    const col = Math.min(preview.cols - 1, Math.floor(((event.clientX - box.left) / box.width) * preview.cols));
    const row = Math.min(preview.rows - 1, Math.floor(((event.clientY - box.top) / box.height) * preview.rows));
    try {
      setSpectrum({ ...(await bridge.invoke('spectrum', { node, port, row, col })), row, col });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (error && !preview) return <div className="muted">{error}</div>;
  if (!preview) return <div className="muted">loading preview…</div>;
  const wavelength = (b: number) => (preview.wavelengths ? ` (${preview.wavelengths[b].toFixed(0)} nm)` : preview.bandNames?.[b] ? ` (${preview.bandNames[b]})` : '');
  return (
    <div className="raster-preview">
      <div className="preview-controls">
        {preview.mode === 'rgb' ? (
          ['R', 'G', 'B'].map((name, i) => (
            <NumberInput key={name} label={`${name} band`} value={preview.shownBands[i]} max={preview.bands - 1} onChange={(v) => { const next = [...preview.shownBands] as [number, number, number]; next[i] = v; setBands(next); }} />
          ))
        ) : preview.bands > 1 ? (
          <NumberInput label="Band" value={preview.shownBands[0]} max={preview.bands - 1} onChange={setBand} />
        ) : null}
        <NumberInput label="Low %" value={stretch[0]} max={100} onChange={(v) => setStretch([v, stretch[1]])} />
        <NumberInput label="High %" value={stretch[1]} max={100} onChange={(v) => setStretch([stretch[0], v])} />
        <button onClick={() => setView({ scale: 1, x: 0, y: 0 })} aria-label="Reset zoom">1:1</button>
      </div>
      <div className="preview-viewport" onWheel={(e) => setView((v) => ({ ...v, scale: Math.min(32, Math.max(0.25, v.scale * (e.deltaY < 0 ? 1.2 : 1 / 1.2))) }))}>
        <canvas
          ref={canvas}
          aria-label={`Preview of ${node}.${port}`}
          data-testid="preview-canvas"
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
          onMouseDown={(e) => (drag.current = { x: e.clientX, y: e.clientY, moved: false })}
          onMouseMove={(e) => {
            const d = drag.current;
            if (!d || e.buttons !== 1) return;
            const dx = e.clientX - d.x;
            const dy = e.clientY - d.y;
            if (Math.abs(dx) + Math.abs(dy) > 3) d.moved = true;
            if (d.moved) {
              setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
              drag.current = { x: e.clientX, y: e.clientY, moved: true };
            }
          }}
          onClick={(e) => void pick(e)}
        />
      </div>
      <div className="muted">
        {preview.rows} × {preview.cols} × {preview.bands}
        {preview.mode === 'rgb' ? ` · RGB bands ${preview.shownBands.map((b) => `${b}${wavelength(b)}`).join(', ')}` : ` · band ${preview.shownBands[0]}${wavelength(preview.shownBands[0])}`}
        {preview.width < preview.cols ? ` · shown at ${preview.width} × ${preview.height}` : ''}
      </div>
      {preview.mode === 'map' && (
        <div className="colour-bar" aria-label="Colour bar">
          <span>{preview.low[0].toPrecision(3)}</span>
          <div className="bar" style={{ background: VIRIDIS_CSS }} />
          <span>{preview.high[0].toPrecision(3)}{preview.units ? ` ${preview.units}` : ''}</span>
        </div>
      )}
      {error && <div className="param-error">{error}</div>}
      <div ref={picked} className="picked-pixel">
        {spectrum && onUsePixel && (
          <div className="preview-controls">
            <button onClick={() => onUsePixel(spectrum.row, spectrum.col)} title="Add this pixel to a 'Spectra from pixels' node fed by this output (a target for the detectors or an endmember)">
              Use pixel ({spectrum.row}, {spectrum.col}) as spectrum
            </button>
          </div>
        )}
        {spectrum && (
          <Plot
            testId="spectrum-plot"
            title={`Pixel (row ${spectrum.row}, col ${spectrum.col})`}
            x={spectrum.wavelengths ?? spectrum.values.map((_, i) => i)}
            ys={[spectrum.values]}
            names={['value']}
            xLabel={spectrum.wavelengths ? 'wavelength (nm)' : 'band'}
            yLabel={spectrum.units ?? 'value'}
            gaps
          />
        )}
      </div>
    </div>
  );
}
