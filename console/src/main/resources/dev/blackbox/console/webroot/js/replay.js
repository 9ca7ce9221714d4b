// Replay mode: the whole transcript again at its recorded pace, faster, paused, or at once.
import * as A from './addresses.js';
import { atBottom, clear, h } from './dom.js';
import { renderItem } from './transcript.js';

/** The longest pause kept between two items, in ms of playback (long idle stretches are cut short). */
const IDLE_LIMIT_MS = 3000;
export const SPEEDS = [1, 2, 5, 10, 50, Infinity];

export class Replayer {
  constructor(bus, sessionId, container, onProgress) {
    this.bus = bus;
    this.sessionId = sessionId;
    this.container = container;
    this.onProgress = onProgress;
    this.items = [];
    this.index = 0;
    this.speed = 1;
    this.timer = null;
    this.playing = false;
  }

  async start() {
    const reply = await this.bus.request(A.HISTORY, { sessionId: this.sessionId, fromSeq: 1, purpose: 'replay' });
    this.items = reply.items;
    this.firstTs = reply.firstTs || (this.items[0] && this.items[0].ts) || 0;
    clear(this.container);
    this.index = 0;
    this.play();
  }

  play() {
    this.playing = true;
    this.schedule();
    this.progress();
  }

  pause() {
    this.playing = false;
    clearTimeout(this.timer);
    this.progress();
  }

  setSpeed(speed) {
    this.speed = speed;
    if (this.playing) {
      clearTimeout(this.timer);
      this.schedule();
    }
  }

  stop() {
    this.pause();
  }

  schedule() {
    if (!this.playing) return;
    if (this.index >= this.items.length) {
      this.playing = false;
      this.progress();
      return;
    }
    const previous = this.index === 0 ? this.items[0].ts : this.items[this.index - 1].ts;
    const gapMs = (this.items[this.index].ts - previous) / 1000;
    const wait = this.speed === Infinity ? 0 : Math.min(IDLE_LIMIT_MS, gapMs / this.speed);
    this.timer = setTimeout(() => this.step(), wait);
  }

  step() {
    const follow = atBottom();
    this.container.append(renderItem(this.items[this.index], this.firstTs));
    this.index++;
    if (follow) window.scrollTo(0, document.documentElement.scrollHeight);
    this.progress();
    this.schedule();
  }

  progress() {
    this.onProgress({ shown: this.index, total: this.items.length, playing: this.playing });
  }
}

export function speedLabel(speed) {
  return speed === Infinity ? 'at once' : `${speed}×`;
}

export function speedPicker(onChange) {
  const select = h('select', { class: 'speed', 'aria-label': 'Replay speed' },
    SPEEDS.map((s, i) => h('option', { value: String(i) }, speedLabel(s))));
  select.addEventListener('change', () => onChange(SPEEDS[Number(select.value)]));
  return select;
}
