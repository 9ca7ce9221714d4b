// The front page: what waits for a decision (every session), and the sessions with their vital signs.
import { bindCards } from './cards.js';
import { clear, h } from './dom.js';
import { duration, time, usd } from './format.js';

/** A journal's integrity verdict as a badge: sealed, live, unsealed, torn tail, tampered (its full line on hover). */
export function integrityBadge(s) {
  const i = s.integrity || { verdict: 'checking', level: 'pending', line: 'integrity not checked yet' };
  return h('span', { class: `integrity integrity-${i.level}`, title: i.line, dataset: { verdict: i.verdict } }, i.verdict);
}

/** The host that holds a session (and its node), and `recorder lost` when that node left the cluster. */
export function where(s) {
  if (!s.host) return '';
  const lost = s.fleetState === 'recorder lost' || s.fleetState === 'node gone';
  return h('span', { class: 'where', title: s.node ? `node ${s.node}` : '' }, s.host,
    lost ? h('span', { class: 'badge lost' }, s.fleetState) : null);
}

export function homeView(root, { bus, pending, sessions }) {
  const count = h('span', { class: 'count' });
  const cards = h('div', { class: 'cards' });
  const nothing = h('p', { class: 'empty' }, 'Nothing is waiting for a decision.');
  const rows = h('tbody');
  const sessionsNote = h('p', { class: 'empty' });

  clear(root).append(
    h('section', { class: 'panel pending-panel' },
      h('h2', {}, 'Waiting for a decision ', count),
      cards, nothing),
    h('section', { class: 'panel' },
      h('h2', {}, 'Sessions'),
      h('table', { class: 'sessions' },
        h('thead', {}, h('tr', {},
          ['Session', 'Status', 'Integrity', 'Duration', 'Frames', 'Pending', 'Cost', 'Turns', 'Last activity', 'Recorded on'].map((t) => h('th', {}, t)))),
        rows),
      sessionsNote));

  const unbindCards = bindCards(cards, pending, {
    bus, showSession: true,
    onCount: (n) => {
      count.textContent = n > 0 ? `(${n})` : '';
      nothing.hidden = n > 0;
    },
  });

  const renderSessions = () => {
    clear(rows);
    for (const s of sessions.list()) {
      rows.append(h('tr', { dataset: { sessionId: s.sessionId } },
        h('td', {}, h('a', { href: `#/session/${s.sessionId}` }, s.sessionId)),
        h('td', {}, h('span', { class: `status status-${s.status}` }, s.status)),
        h('td', {}, integrityBadge(s)),
        h('td', { class: 'num' }, duration(s.durationMs)),
        h('td', { class: 'num' }, `${s.framesReceived} in / ${s.framesSent} out`),
        h('td', { class: 'num' }, s.pending > 0 ? h('strong', {}, String(s.pending)) : '0'),
        h('td', { class: 'num' }, usd(s.costUsd)),
        h('td', { class: 'num' }, String(s.turns)),
        h('td', {}, time(s.lastTime)),
        h('td', { class: 'where' }, where(s))));
    }
    sessionsNote.textContent = sessions.error
      ? `Session list unavailable: ${sessions.error}`
      : sessions.loaded && sessions.sessions.size === 0 ? 'No recorded sessions yet.' : '';
  };
  renderSessions();
  sessions.addEventListener('changed', renderSessions);

  return () => {
    unbindCards();
    sessions.removeEventListener('changed', renderSessions);
  };
}
