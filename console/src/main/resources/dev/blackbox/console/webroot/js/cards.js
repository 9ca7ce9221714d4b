// A pending permission request as a card: tool, input (editable: allow with changes), suggestions,
// age, Allow / Deny with a message. Who decides is stamped by the server, never sent from here.
import * as A from './addresses.js';
import { describeFailure } from './bus.js';
import { h } from './dom.js';
import { age, pretty } from './format.js';

const GONE_AFTER_MS = 4000;

export function permissionCard(request, { bus, showSession }) {
  const original = pretty(request.input);
  const input = h('textarea', {
    class: 'input', spellcheck: 'false', rows: String(Math.min(14, original.split('\n').length + 1)),
    'aria-label': 'Tool input; edit it to allow with changes', value: original,
  });
  const allow = h('button', { class: 'allow', type: 'button' }, 'Allow');
  // "Allow for the rest of this session": a rule the recorder journals, matching the same input or the patterns below
  const exactRule = JSON.stringify(exactPatterns(request.input), null, 2);
  const always = h('input', { class: 'always', type: 'checkbox', 'aria-label': 'Allow for the rest of this session' });
  const rulePatterns = h('textarea', {
    class: 'rule-patterns', spellcheck: 'false', rows: String(Math.min(8, exactRule.split('\n').length + 1)),
    'aria-label': 'The rule: a regex per input field', value: exactRule,
  });
  const denyMessage = h('input', { class: 'deny-message', type: 'text', placeholder: 'Reason (the agent sees it)', 'aria-label': 'Reason for denying' });
  const stopTurn = h('input', { class: 'stop-turn', type: 'checkbox' });
  const deny = h('button', { class: 'deny', type: 'button' }, 'Deny');
  const status = h('p', { class: 'status', role: 'status' });
  const ageLabel = h('span', { class: 'age' });
  const controls = [input, allow, always, rulePatterns, denyMessage, stopTurn, deny];

  const edited = () => input.value.trim() !== original.trim();
  input.addEventListener('input', () => {
    allow.textContent = edited() ? 'Allow with changes' : 'Allow';
    card.classList.toggle('edited', edited());
  });

  const say = (text, tone) => {
    status.textContent = text;
    status.className = `status ${tone || ''}`;
  };
  const busy = (on) => controls.forEach((c) => { c.disabled = on; });

  async function decide(body) {
    busy(true);
    say('Sending…');
    try {
      const reply = await bus.request(A.decide(request.sessionId), body);
      // the resolved event may have come first and said who decided: keep that, add the seq
      const rule = reply.rule ? `; rule ${reply.rule.ruleId} allows the rest of this session's matching requests` : '';
      if (card.classList.contains('finished')) status.textContent += ` (journal seq ${reply.journalSeq})${rule}`;
      else say(`${reply.behavior === 'allow' ? 'Allowed' : 'Denied'} (journal seq ${reply.journalSeq})${rule}`, 'ok');
    } catch (e) {
      say(describeFailure(e), 'error');
      if (!card.classList.contains('finished')) busy(false);
    }
  }

  allow.addEventListener('click', () => {
    const body = { requestId: request.requestId, behavior: 'allow' };
    if (edited()) {
      try {
        const parsed = JSON.parse(input.value);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the input must be a JSON object');
        body.updatedInput = parsed;
      } catch (e) {
        say(`Not sent: ${e.message}`, 'error');
        return;
      }
    }
    if (always.checked) {
      if (rulePatterns.value.trim() === exactRule.trim()) {
        body.always = true;
      } else {
        try {
          const parsed = JSON.parse(rulePatterns.value);
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the rule must be a JSON object of field: regex');
          body.always = parsed;
        } catch (e) {
          say(`Not sent: ${e.message}`, 'error');
          return;
        }
      }
    }
    decide(body);
  });
  deny.addEventListener('click', () => decide({
    requestId: request.requestId,
    behavior: 'deny',
    message: denyMessage.value.trim() || undefined,
    interrupt: stopTurn.checked || undefined,
  }));

  const facts = [
    request.description && h('p', { class: 'description' }, request.description),
    request.decisionReason && h('p', { class: 'fact' }, 'Why it asks: ', request.decisionReason),
    request.blockedPath && h('p', { class: 'fact' }, 'Blocked path: ', h('code', {}, request.blockedPath)),
  ];
  const suggestions = request.suggestions && request.suggestions.length > 0
    ? h('details', { class: 'suggestions' }, h('summary', {}, `Suggestions (${request.suggestions.length})`),
      h('ul', {}, request.suggestions.map((s) => h('li', {}, describeSuggestion(s)))))
    : null;

  const card = h('article', { class: 'card', dataset: { requestId: request.requestId, sessionId: request.sessionId } },
    h('header', {},
      h('span', { class: 'tool' }, request.toolName || 'tool'),
      showSession ? h('a', { class: 'session', href: `#/session/${request.sessionId}` }, request.sessionId) : null,
      request.viewerOnly ? h('span', { class: 'badge' }, 'viewer-only') : null,
      ageLabel),
    facts,
    h('label', { class: 'input-label' }, 'Input', input),
    suggestions,
    h('div', { class: 'actions' },
      allow,
      h('span', { class: 'always-group' }, h('label', { class: 'always-label' }, always, ' for the rest of this session'),
        h('details', { class: 'rule' }, h('summary', {}, 'rule'), rulePatterns)),
      h('span', { class: 'deny-group' }, denyMessage, h('label', { class: 'stop' }, stopTurn, ' stop the turn'), deny)),
    status);

  const tick = () => { ageLabel.textContent = request.receivedAt ? `waiting ${age(request.receivedAt)}` : ''; };
  tick();
  card.tick = tick;

  /** Decided here, elsewhere or by a policy, or withdrawn: say how, then leave. */
  card.finish = (kind, detail, remove) => {
    card.classList.add('finished');
    busy(true);
    if (kind === 'resolved') {
      say(`${detail.behavior === 'allow' ? 'Allowed' : 'Denied'} by ${detail.decidedBy} via ${detail.via}`, detail.behavior === 'allow' ? 'ok' : 'error');
    } else if (kind === 'cancelled') {
      say('Withdrawn by the session', 'dim');
    } else {
      say('No longer pending', 'dim');
    }
    setTimeout(remove, GONE_AFTER_MS);
  };
  return card;
}

/** A regex per input field matching exactly its value (what the recorder makes of `always: true`). */
function exactPatterns(input) {
  const out = {};
  for (const [field, value] of Object.entries(input || {})) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    out[field] = `^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
  }
  return out;
}

function describeSuggestion(s) {
  switch (s.type) {
    case 'addRules':
      return `${s.behavior || 'allow'} rule ${(s.rules || []).map((r) => `${r.toolName}(${r.ruleContent || ''})`).join(', ')} → ${s.destination}`;
    case 'addDirectories':
      return `add directories ${(s.directories || []).join(', ')} → ${s.destination}`;
    case 'setMode':
      return `switch permission mode to ${s.mode} → ${s.destination}`;
    default:
      return JSON.stringify(s);
  }
}

/** Keeps a container's cards in step with the store: added, finished, ages ticking. */
export function bindCards(container, store, { bus, sessionId, showSession, onCount }) {
  const cards = new Map();
  const count = () => onCount && onCount(cards.size);
  const add = (request) => {
    if (sessionId && request.sessionId !== sessionId) return;
    if (cards.has(request.requestId)) return;
    const card = permissionCard(request, { bus, showSession });
    cards.set(request.requestId, card);
    container.append(card);
    count();
  };
  const finished = (e) => {
    const card = cards.get(e.detail.requestId);
    if (!card || card.classList.contains('finished')) return;
    card.finish(e.detail.kind, e.detail.detail, () => {
      card.remove();
      cards.delete(e.detail.requestId);
      count();
    });
  };
  const added = (e) => add(e.detail);
  const tick = () => cards.forEach((c) => c.tick());
  store.list(sessionId).forEach(add);
  count();
  store.addEventListener('added', added);
  store.addEventListener('finished', finished);
  const timer = setInterval(tick, 1000);
  return () => {
    store.removeEventListener('added', added);
    store.removeEventListener('finished', finished);
    clearInterval(timer);
  };
}
