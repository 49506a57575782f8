import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { browserArgs, findBrowser } from '../editor-host/browser.ts';
import serve from './serve.ts';

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  return { io: { stdout, stderr, cwd: process.cwd(), env: process.env }, text: () => ({ out, err }) };
}

test('serve refuses bad usage with exit code 2 and says why', async () => {
  for (const [argv, pattern] of [
    [['--port', 'abc'], /--port must be an integer in 0\.\.65535, got 'abc'/],
    [['--port', '70000'], /got '70000'/],
    [['extra'], /unexpected argument 'extra'/],
    [['--bogus'], /unknown option '--bogus'/],
  ] as const) {
    const { io, text } = capture();
    assert.equal(await serve([...argv], io), 2);
    assert.match(text().err, pattern);
    assert.match(text().err, /usage: bandwire serve/);
  }
});

test('--open uses an app window with a fresh profile and no background traffic', () => {
  assert.deepEqual(browserArgs('http://127.0.0.1:1/?token=t', '/tmp/p', false), [
    '--app=http://127.0.0.1:1/?token=t', '--user-data-dir=/tmp/p', '--no-first-run', '--no-default-browser-check',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1400,900',
  ]);
  // As root Chromium only starts without its sandbox.
  assert.deepEqual(browserArgs('http://127.0.0.1:1/', '/tmp/p', true).slice(-2), ['--no-sandbox', '--test-type']);
  assert.equal(findBrowser({ PATH: '/nonexistent', BANDWIRE_BROWSER: '/bin/sh' }), '/bin/sh');
});
