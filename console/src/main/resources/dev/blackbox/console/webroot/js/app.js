// The console page: one bridge connection, the pending and sessions stores, and two views chosen by
// the URL fragment: #/ (everything waiting, all sessions) and #/session/ID (one session).
import * as A from './addresses.js';
import { Bus } from './bus.js';
import { homeView } from './home-view.js';
import { PendingStore } from './pending.js';
import { sessionView } from './session-view.js';
import { SessionsStore } from './sessions.js';

const bus = new Bus('/eventbus');
const pending = new PendingStore(bus);
const sessions = new SessionsStore(bus);
pending.start();
sessions.start();

const connection = document.getElementById('connection');
const whoami = document.getElementById('whoami');
const LABELS = { connecting: 'connecting…', open: 'live', closed: 'reconnecting…', 'logged-out': 'logged out' };
bus.addEventListener('state', () => {
  document.body.dataset.connection = bus.state;
  connection.textContent = LABELS[bus.state] || bus.state;
  if (bus.state === 'logged-out') {
    connection.replaceChildren('logged out: ');
    const link = document.createElement('a');
    link.href = '/login';
    link.textContent = 'log in again';
    connection.append(link);
  }
});
bus.onOpen(async () => {
  try {
    const me = await bus.request(A.WHOAMI, {});
    whoami.textContent = `deciding as ${me.user}`;
    bus.maxMessageBytes = me.maxMessageBytes;
  } catch (e) {
    whoami.textContent = '';
  }
});

const view = document.getElementById('view');
let dispose = () => {};
function route() {
  dispose();
  const match = /^#\/session\/([A-Za-z0-9_-]{1,128})$/.exec(location.hash);
  dispose = match
    ? sessionView(view, { bus, pending, sessions, sessionId: match[1] })
    : homeView(view, { bus, pending, sessions });
  window.scrollTo(0, 0);
}
window.addEventListener('hashchange', route);
route();
