// A session's transcript as `blackbox replay` renders it (the server runs replay's interpreter):
// the story so far from the history query, then every new journal entry as it is recorded.
import * as A from './addresses.js';
import { atBottom, h } from './dom.js';
import { offset } from './format.js';

/** One transcript item, laid out like replay's HTML transcript (classes e, t, w, h, b). */
export function renderItem(item, firstTs) {
  const classes = ['e', item.who, item.tone];
  const el = h('div', { class: classes.join(' '), dataset: { seq: item.seq, marker: item.marker } },
    h('span', { class: 't' }, offset(item.ts - firstTs)),
    h('span', { class: 'w' }, item.who),
    item.headline ? h('span', { class: 'h' }, item.headline) : null);
  if (item.body) {
    const more = item.bodyOmitted ? `\n… (${item.bodyOmitted} more characters: see blackbox replay)` : '';
    if (item.code) {
      const lines = item.body.split('\n').length;
      const isInput = item.who === 'tool' && item.headline && !item.headline.startsWith('result') && !item.headline.startsWith('error');
      el.append(h('details', { open: lines <= 3 },
        h('summary', {}, `${isInput ? 'input' : 'output'} · ${lines} ${lines === 1 ? 'line' : 'lines'}`),
        h('pre', {}, item.body + more)));
    } else {
      el.append(h('div', { class: 'b' }, item.body + more));
    }
  }
  return el;
}

/**
 * Follows a session: subscribes to its frames first, then loads the history; live entries are
 * buffered while a load runs and applied in seq order. A gap (an entry that is not the next one)
 * loads the missing part again, so nothing is lost or shown twice.
 */
export class LiveTranscript {
  constructor(bus, sessionId, container, onFacts) {
    this.bus = bus;
    this.sessionId = sessionId;
    this.container = container;
    this.onFacts = onFacts;
    this.nextSeq = 1;
    this.firstTs = null;
    this.buffer = [];
    this.loading = false;
    this.stopped = false;
  }

  start() {
    this.unsubscribe = this.bus.subscribe(A.frames(this.sessionId), (entry) => this.live(entry));
    this.onState = () => this.bus.state === 'open' && this.load(this.nextSeq);
    this.bus.addEventListener('state', this.onState);
    if (this.bus.state === 'open') this.load(1);
  }

  stop() {
    this.stopped = true;
    if (this.unsubscribe) this.unsubscribe();
    this.bus.removeEventListener('state', this.onState);
  }

  async load(fromSeq) {
    if (this.loading || this.stopped) return;
    this.loading = true;
    try {
      const reply = await this.bus.request(A.HISTORY, { sessionId: this.sessionId, fromSeq });
      if (this.stopped) return;
      if (this.firstTs === null && reply.firstTs) this.firstTs = reply.firstTs;
      if (reply.omitted && fromSeq === 1) {
        this.container.append(h('p', { class: 'note' }, `${reply.omitted} earlier items are not shown here: see blackbox replay.`));
      }
      this.append(reply.items.filter((item) => item.seq >= this.nextSeq));
      this.nextSeq = Math.max(this.nextSeq, reply.lastSeq + 1);
      this.onFacts({ viewerOnly: reply.viewerOnly, stopped: reply.stopped, lastSeq: reply.lastSeq });
    } catch (e) {
      this.onFacts({ error: e.message });
    } finally {
      this.loading = false;
    }
    this.drain();
  }

  live(entry) {
    this.buffer.push(entry);
    if (!this.loading) this.drain();
  }

  drain() {
    this.buffer.sort((a, b) => a.seq - b.seq);
    while (this.buffer.length > 0) {
      const entry = this.buffer[0];
      if (entry.seq < this.nextSeq) {
        this.buffer.shift();
      } else if (entry.seq > this.nextSeq) {
        this.load(this.nextSeq); // a gap: fetch what is missing, then continue
        return;
      } else {
        this.buffer.shift();
        if (this.firstTs === null) this.firstTs = entry.ts;
        this.append(entry.items);
        this.nextSeq = entry.seq + 1;
        if (entry.kind === 'RECORDING_STOPPED') this.onFacts({ stopped: true });
      }
    }
  }

  append(items) {
    if (items.length === 0) return;
    const follow = atBottom();
    for (const item of items) this.container.append(renderItem(item, this.firstTs || item.ts));
    if (follow) window.scrollTo(0, document.documentElement.scrollHeight);
  }
}
