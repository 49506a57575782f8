// Worker thread entry: registers tsx (so the TypeScript worker loads from any cwd), then
// imports the worker. Plain .mjs because a worker cannot start from a .ts file by itself.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
