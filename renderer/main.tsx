/** Renderer entry: styles (React Flow, uPlot, ours) and the App. Bundled by scripts/build-renderer.mjs. */
import '@xyflow/react/dist/style.css';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(<App />);
