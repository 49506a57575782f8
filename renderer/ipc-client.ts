/**
 * The page's bridge to its host: the preload's `window.bandwire` in Electron, else a fetch
 * client for `bandwire serve` (token from the page URL, sent as a header; run events over
 * Server-Sent Events). Both implement BandwireBridge from core/ipc.ts.
 */
import type { RunEvent } from '../core/events.ts';
import { TOKEN_HEADER, type BandwireBridge, type Channel, type RequestOf, type ResponseOf } from '../core/ipc.ts';

declare global {
  interface Window {
    bandwire?: BandwireBridge;
    /** The current document (read-only copy), for end-to-end tests. */
    bandwireDocument?: () => import('../core/graph.ts').GraphDoc;
  }
}

function browserBridge(): BandwireBridge {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const listeners = new Set<(event: RunEvent) => void>();
  let source: EventSource | undefined;
  const connect = () => {
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message) => {
      const event = JSON.parse(message.data) as RunEvent;
      for (const l of listeners) l(event);
    };
  };
  return {
    shell: 'browser',
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      const response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(request),
      });
      const body = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
      if (!response.ok) throw new Error(body.error ?? `${channel} failed (${response.status})`);
      return body as ResponseOf<C>;
    },
    onRunEvent(listener) {
      if (!source) connect();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const bridge: BandwireBridge = window.bandwire ?? browserBridge();
