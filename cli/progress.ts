/**
 * Human progress output of `bandwire run` on stderr: on a TTY one progress bar per node,
 * redrawn in place (at most ~10 redraws/s); otherwise plain lines, one per status change.
 */
import { outputLine, type RunEvent } from '../core/events.ts';

interface Row {
  id: string;
  status: string;
  progress: number;
  message?: string;
  ms?: number;
}

const BAR = 24;

export class ProgressView {
  private readonly rows = new Map<string, Row>();
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly prefix = '',
  ) {}

  get tty(): boolean {
    return !!this.out.isTTY;
  }

  event(e: RunEvent): void {
    if (e.type === 'started') {
      for (const id of e.nodes) this.rows.set(id, { id, status: 'queued', progress: 0 });
      if (!this.tty) this.line(`running ${e.nodes.length} node(s) on backend ${e.backend}`);
      return;
    }
    if (!('node' in e) || !e.node) {
      if (e.type === 'log') this.line(e.message);
      return;
    }
    const row = this.rows.get(e.node) ?? { id: e.node, status: 'queued', progress: 0 };
    this.rows.set(e.node, row);
    const before = row.status;
    switch (e.type) {
      case 'running':
        row.status = 'running';
        row.progress = e.progress;
        row.message = e.message;
        break;
      case 'done':
        Object.assign(row, { status: 'done', progress: 1, ms: e.ms, message: undefined });
        break;
      case 'cached':
        Object.assign(row, { status: 'cached', progress: 1, message: undefined });
        break;
      case 'error':
        Object.assign(row, { status: 'error', message: e.error });
        break;
      case 'skipped':
        Object.assign(row, { status: 'skipped', message: e.reason });
        break;
      case 'cancelled':
        Object.assign(row, { status: 'cancelled', message: undefined });
        break;
      case 'output':
        if (!this.tty) this.line(`${e.node}: ${outputLine(e.path, e.cached)}`);
        return;
      case 'log':
        if (!this.tty) this.line(`${e.node}: ${e.message}`);
        return;
      default:
        return;
    }
    if (this.tty) this.schedule();
    else if (row.status !== before) this.line(this.describe(row));
  }

  /** Final redraw (TTY). */
  finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.tty) this.draw();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, 100);
  }

  private draw(): void {
    const width = Math.max(40, this.out.columns || 80) - 1;
    const lines = [...this.rows.values()].map((r) => {
      const filled = Math.round(r.progress * BAR);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}]`;
      const pct = `${Math.round(r.progress * 100)}%`.padStart(4);
      const tail = r.status === 'done' ? `done ${formatMs(r.ms)}` : r.status === 'running' ? r.message ?? '' : `${r.status}${r.message ? `: ${r.message}` : ''}`;
      return `${this.prefix}${r.id.padEnd(14)} ${bar} ${pct} ${tail}`.slice(0, width);
    });
    let text = this.drawn ? `\x1b[${this.drawn}A` : '';
    for (const l of lines) text += `\x1b[2K${l}\n`;
    this.out.write(text);
    this.drawn = lines.length;
  }

  private describe(r: Row): string {
    switch (r.status) {
      case 'running':
        return `${r.id}: running`;
      case 'done':
        return `${r.id}: done in ${formatMs(r.ms)}`;
      default:
        return `${r.id}: ${r.status}${r.message ? ` (${r.message})` : ''}`;
    }
  }

  private line(text: string): void {
    this.out.write(`${this.prefix}${text}\n`);
  }
}

function formatMs(ms = 0): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
