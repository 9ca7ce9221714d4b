// One session: its vital signs, its pending requests, the transcript streaming in, a message box and
// an Interrupt button (unless the recording is viewer-only or has ended), and a replay mode.
import * as A from './addresses.js';
import { describeFailure } from './bus.js';
import { bindCards } from './cards.js';
import { clear, h } from './dom.js';
import { duration, usd } from './format.js';
import { where } from './home-view.js';
import { Replayer, speedPicker } from './replay.js';
import { LiveTranscript } from './transcript.js';

export function sessionView(root, { bus, pending, sessions, sessionId }) {
  const integrity = h('div', { id: 'integrity', class: 'integrity-banner pending', role: 'status' }, 'integrity not checked yet');
  const stats = h('p', { class: 'stats' });
  const cards = h('div', { class: 'cards' });
  const transcriptBox = h('div', { class: 'transcript', id: 'transcript' });
  const modeNote = h('p', { class: 'mode-note', hidden: true });

  const message = h('textarea', { class: 'message', rows: '3', placeholder: 'Message to the agent', 'aria-label': 'Message to the agent' });
  const sendButton = h('button', { type: 'submit', class: 'send' }, 'Send');
  const interruptButton = h('button', { type: 'button', class: 'interrupt' }, 'Interrupt');
  const composerStatus = h('span', { class: 'status', role: 'status' });
  const composer = h('form', { class: 'composer', hidden: true }, message,
    h('div', { class: 'composer-actions' }, sendButton, interruptButton, composerStatus));

  const replayButton = h('button', { type: 'button', class: 'replay-start' }, 'Replay');
  const playPause = h('button', { type: 'button', class: 'play-pause' }, 'Pause');
  const progress = h('span', { class: 'progress' });
  const liveButton = h('button', { type: 'button', class: 'back-live' }, 'Back to live');
  let replayer = null;
  const picker = speedPicker((speed) => replayer && replayer.setSpeed(speed));
  const replayBar = h('div', { class: 'replay-bar', hidden: true }, h('strong', {}, 'Replay'), playPause, picker, progress, liveButton);

  clear(root).append(
    h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, 'Sessions'), ' / ', h('span', { class: 'session-id' }, sessionId)),
    integrity,
    h('div', { class: 'session-head' }, stats, replayButton),
    modeNote,
    h('section', { class: 'cards-section' }, cards),
    replayBar,
    transcriptBox,
    composer);

  // ---- vital signs and the journal's integrity, from the projection ----
  const renderStats = () => {
    const s = sessions.get(sessionId);
    const i = s && s.integrity;
    if (i) {
      integrity.className = `integrity-banner ${i.level}`;
      integrity.setAttribute('role', i.level === 'failed' ? 'alert' : 'status');
      integrity.dataset.level = i.level;
      integrity.dataset.verdict = i.verdict;
      integrity.textContent = `${i.level === 'verified' ? '✓' : i.level === 'pending' ? '…' : '⚠'} ${i.line}`;
    }
    stats.textContent = !s ? 'No summary yet.'
      : [s.status, duration(s.durationMs), `${s.framesReceived} frames in, ${s.framesSent} out`,
        s.backfilled > 0 ? `${s.backfilled} backfilled` : null, `${s.turns} turns`, usd(s.costUsd), s.model,
        s.host ? 'recorded on' : null].filter(Boolean).join(' · ');
    if (s && s.host) stats.append(' ', where(s));
  };
  renderStats();
  sessions.addEventListener('changed', renderStats);

  const unbindCards = bindCards(cards, pending, { bus, sessionId, showSession: false });

  // ---- the transcript, live ----
  let facts = { viewerOnly: false, stopped: false };
  const showFacts = (update) => {
    if (update.error) {
      modeNote.hidden = false;
      modeNote.textContent = `Transcript unavailable: ${update.error}`;
      return;
    }
    facts = { ...facts, ...update };
    composer.hidden = facts.viewerOnly || facts.stopped || replayer !== null;
    modeNote.hidden = !(facts.viewerOnly || facts.stopped);
    modeNote.textContent = facts.viewerOnly ? 'Recorded viewer-only: this console can watch the session, not act in it.'
      : facts.stopped ? 'The recording has ended. Replay it with the button above.' : '';
  };
  let live = new LiveTranscript(bus, sessionId, transcriptBox, showFacts);
  live.start();

  // ---- acting in the session ----
  const say = (text, tone) => {
    composerStatus.textContent = text;
    composerStatus.className = `status ${tone || ''}`;
  };
  composer.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = message.value.trim();
    if (!text) return;
    sendButton.disabled = true;
    say('Sending…');
    try {
      const reply = await bus.request(A.send(sessionId), { text });
      message.value = '';
      say(`Sent (HTTP ${reply.status})`, 'ok');
    } catch (e) {
      say(describeFailure(e), 'error');
    } finally {
      sendButton.disabled = false;
    }
  });
  interruptButton.addEventListener('click', async () => {
    interruptButton.disabled = true;
    try {
      await bus.request(A.interrupt(sessionId), {});
      say('Interrupt sent', 'ok');
    } catch (e) {
      say(describeFailure(e), 'error');
    } finally {
      interruptButton.disabled = false;
    }
  });

  // ---- replay mode ----
  const showProgress = ({ shown, total, playing }) => {
    progress.textContent = `${shown} / ${total}`;
    playPause.textContent = playing ? 'Pause' : shown >= total ? 'Again' : 'Play';
  };
  replayButton.addEventListener('click', async () => {
    live.stop();
    replayer = new Replayer(bus, sessionId, transcriptBox, showProgress);
    replayBar.hidden = false;
    replayButton.hidden = true;
    showFacts({});
    try {
      await replayer.start();
    } catch (e) {
      progress.textContent = `Cannot replay: ${e.message}`;
    }
  });
  playPause.addEventListener('click', () => {
    if (replayer.playing) {
      replayer.pause();
    } else if (replayer.index >= replayer.items.length) {
      clear(transcriptBox);
      replayer.index = 0;
      replayer.play();
    } else {
      replayer.play();
    }
  });
  liveButton.addEventListener('click', () => {
    replayer.stop();
    replayer = null;
    replayBar.hidden = true;
    replayButton.hidden = false;
    clear(transcriptBox);
    live = new LiveTranscript(bus, sessionId, transcriptBox, showFacts);
    live.start();
    showFacts({});
  });

  return () => {
    live.stop();
    if (replayer) replayer.stop();
    unbindCards();
    sessions.removeEventListener('changed', renderStats);
  };
}
