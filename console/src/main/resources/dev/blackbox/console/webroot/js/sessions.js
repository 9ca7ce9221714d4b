// Session summaries from the projection (blackbox.sessions.list), kept current by blackbox.state.changed.
import * as A from './addresses.js';

export class SessionsStore extends EventTarget {
  constructor(bus) {
    super();
    this.bus = bus;
    this.sessions = new Map();
    this.error = null;
    this.loaded = false;
  }

  start() {
    this.bus.subscribe(A.STATE_CHANGED, (summary) => {
      this.sessions.set(summary.sessionId, summary);
      this.dispatchEvent(new CustomEvent('changed', { detail: summary }));
    });
    this.bus.onOpen(() => this.refresh());
  }

  async refresh() {
    try {
      const reply = await this.bus.request(A.SESSIONS_LIST, {});
      for (const s of reply.sessions || []) this.sessions.set(s.sessionId, s);
      this.error = null;
    } catch (e) {
      this.error = e.message;
    }
    this.loaded = true;
    this.dispatchEvent(new CustomEvent('changed'));
  }

  get(sessionId) {
    return this.sessions.get(sessionId);
  }

  /** Most recently active first. */
  list() {
    return [...this.sessions.values()].sort((a, b) => String(b.lastTime || '').localeCompare(String(a.lastTime || '')));
  }
}
