// Every pending permission request the bus knows: loaded with the pending query (so a page that
// opens late sees them all) and kept current by requested / resolved / cancelled.
import * as A from './addresses.js';

const FINISHED_KEPT = 2000;

export class PendingStore extends EventTarget {
  constructor(bus) {
    super();
    this.bus = bus;
    this.requests = new Map();  // requestId -> {request, addedAt}
    this.finished = new Map();  // requestId -> how it ended (so a late pending answer cannot bring it back)
    this.error = null;
  }

  start() {
    this.bus.subscribe(A.PERMISSIONS_REQUESTED, (r) => this.add(r));
    this.bus.subscribe(A.PERMISSIONS_RESOLVED, (m) => this.finish(m.requestId, 'resolved', m));
    this.bus.subscribe(A.PERMISSIONS_CANCELLED, (m) => this.finish(m.requestId, 'cancelled', m));
    this.bus.onOpen(() => this.refresh());
  }

  async refresh() {
    const started = performance.now();
    try {
      const reply = await this.bus.request(A.PERMISSIONS_PENDING, {});
      const still = new Set();
      for (const r of reply.pending || []) {
        still.add(r.requestId);
        this.add(r);
      }
      // decided while this page was away; requests that arrived during the query stay
      for (const [id, entry] of [...this.requests]) {
        if (!still.has(id) && entry.addedAt < started) this.finish(id, 'gone', { requestId: id });
      }
      this.error = null;
    } catch (e) {
      this.error = e.message;
    }
    this.dispatchEvent(new Event('changed'));
  }

  add(request) {
    const id = request.requestId;
    if (!id || this.finished.has(id) || this.requests.has(id)) return;
    this.requests.set(id, { request, addedAt: performance.now() });
    this.dispatchEvent(new CustomEvent('added', { detail: request }));
  }

  finish(id, kind, detail) {
    this.finished.set(id, { kind, detail });
    if (this.finished.size > FINISHED_KEPT) this.finished.delete(this.finished.keys().next().value);
    const entry = this.requests.get(id);
    this.requests.delete(id);
    this.dispatchEvent(new CustomEvent('finished', { detail: { requestId: id, request: entry && entry.request, kind, detail } }));
  }

  /** Pending requests, oldest first; only those of one session when given. */
  list(sessionId) {
    return [...this.requests.values()].map((e) => e.request)
      .filter((r) => !sessionId || r.sessionId === sessionId)
      .sort((a, b) => (a.receivedAt || 0) - (b.receivedAt || 0));
  }
}
