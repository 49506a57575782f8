import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ProgressView } from './progress.ts';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 100;
  return { stream, text: () => chunks.join('') };
}

const run = (view: ProgressView) => {
  view.event({ type: 'started', runId: 'r', nodes: ['load', 'rx'], backend: 'cpu' });
  view.event({ type: 'running', node: 'load', progress: 0 });
  view.event({ type: 'running', node: 'load', progress: 0.5, message: 'band 32/64' });
  view.event({ type: 'done', node: 'load', ms: 12 });
  view.event({ type: 'cached', node: 'rx' });
  view.finish();
};

test('not a TTY: plain lines, one per status change', () => {
  const { stream, text } = sink(false);
  run(new ProgressView(stream));
  assert.equal(text(), 'running 2 node(s) on backend cpu\nload: running\nload: done in 12 ms\nrx: cached\n');
});

test('TTY: one bar per node, redrawn in place', () => {
  const { stream, text } = sink(true);
  run(new ProgressView(stream));
  const out = text();
  assert.doesNotMatch(out, /\x1b\[\d+A/, 'a single final draw does not move up');
  assert.match(out, /\x1b\[2Kload\s+\[#{24}\] 100% done 12 ms\n/);
  assert.match(out, /\x1b\[2Krx\s+\[#{24}\] 100% cached\n/);
  const view = new ProgressView(stream);
  view.event({ type: 'started', runId: 'r', nodes: ['a'], backend: 'cpu' });
  view.finish();
  view.event({ type: 'running', node: 'a', progress: 0.25, message: 'step 1' });
  view.finish();
  assert.match(text(), /\x1b\[1A\x1b\[2Ka\s+\[#{6}-{18}\]  25% step 1\n$/);
});
