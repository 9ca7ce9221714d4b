(function () {
  'use strict';
  var body = document.body;
  window.addEventListener('error', function () {
    body.dataset.errors = String(Number(body.dataset.errors || 0) + 1);
  });
  // Anything the page's policy blocked (content that tried to run or load something) is counted, for tests.
  document.addEventListener('securitypolicyviolation', function () {
    body.dataset.blocked = String(Number(body.dataset.blocked || 0) + 1);
  });
  var entries = Array.prototype.slice.call(document.querySelectorAll('#entries .e'));
  var q = document.getElementById('q');
  var count = document.getElementById('count');
  var only = document.getElementById('only');
  body.dataset.blocked = body.dataset.blocked || '0';

  function offset(e) { return e.querySelector('.t').textContent; }
  function headline(e) {
    var h = e.querySelector('.h');
    if (!h) {
      h = document.createElement('span');
      h.className = 'h';
      e.insertBefore(h, e.querySelector('.b, details'));
    }
    return h;
  }
  function link(from, to, cls, text, title) {
    var a = document.createElement('a');
    a.className = cls;
    a.href = '#' + to.id;
    a.textContent = text;
    if (title) { a.title = title; }
    headline(from).appendChild(a);
    return a;
  }

  // Timeline: one marker per prompt, decision, result and connection change, placed by time offset.
  var timeline = document.getElementById('timeline');
  var last = entries.length ? Number(entries[entries.length - 1].dataset.t) : 0;
  var markers = 0;
  entries.forEach(function (e) {
    if (!e.dataset.marker) { return; }
    var a = document.createElement('a');
    a.className = e.dataset.marker;
    a.href = '#' + e.id;
    a.style.left = (last > 0 ? (100 * Number(e.dataset.t) / last) : 0) + '%';
    var h = e.querySelector('.h, .b');
    a.title = offset(e) + ' ' + e.dataset.marker + (h ? ': ' + h.textContent.slice(0, 120) : '');
    timeline.appendChild(a);
    markers++;
  });
  body.dataset.markers = String(markers);

  // Tool calls and results. A result joins its call when nothing else of the conversation (text, a prompt,
  // a turn's end) and no connection change came between them: the call's permission prompt, decision and
  // result are moved right under the call, in their order. A result that comes later than that is linked to
  // its call both ways (so a reconnect between a call and its result stays in sight, in its place).
  // Ids pair with the latest call or request before them that has the same id.
  var NEAR = 200;
  var calls = {}, requests = {}, pairs = [], answers = [];
  var segment = 0, segments = [], index = new Map();
  entries.forEach(function (e, i) {
    var kind = e.dataset.kind, id = e.dataset.toolUseId, rid = e.dataset.requestId;
    if (kind === 'text' || kind === 'thinking' || e.classList.contains('k-user') || e.classList.contains('k-turns')
        || e.dataset.marker === 'connection') {
      segment++;
    }
    segments.push(segment);
    index.set(e, i);
    if (kind === 'tool-call' && id) {
      calls[id] = e;
    } else if (kind === 'tool-result' && id && calls[id]) {
      pairs.push([calls[id], e]);
      delete calls[id];
    }
    if (kind === 'permission-request' && rid) {
      requests[rid] = e;
    } else if ((kind === 'permission-decision' || kind === 'decision-refused' || kind === 'permission-repeated')
        && rid && requests[rid]) {
      answers.push([requests[rid], e]);
    }
  });
  var paired = 0, linked = 0;
  pairs.forEach(function (pair) {
    var call = pair[0], result = pair[1], id = call.dataset.toolUseId;
    var from = index.get(call), to = index.get(result);
    if (segments[from] === segments[to] && to - from <= NEAR) {
      var anchor = call;
      call.classList.add('grp', 'grp-first');
      entries.slice(from + 1, to + 1).forEach(function (m) {
        if (m.dataset.toolUseId !== id) { return; }
        anchor.after(m);
        m.classList.add('grp');
        anchor = m;
      });
      result.classList.add('paired', 'grp-last');
      paired++;
    } else {
      link(call, result, 'jump', '↓ result at ' + offset(result), 'this call\'s result comes later');
      link(result, call, 'jump', '↑ call at ' + offset(call), 'the call this is the result of');
      linked++;
    }
  });
  body.dataset.paired = String(paired);
  body.dataset.linked = String(linked);

  // Permission decisions: each links to its request, and the request's card shows how it ended.
  var WORDS = {allow: 'allowed', deny: 'denied', timeout: 'timed out', cancelled: 'cancelled'};
  var decisions = 0;
  answers.forEach(function (answer) {
    var request = answer[0], e = answer[1];
    link(e, request, 'jump req-link', '↑ request at ' + offset(request), 'the permission request this is about');
    if (e.dataset.kind === 'permission-decision' && !request.dataset.outcome) {
      var outcome = e.dataset.outcome || '';
      request.dataset.outcome = outcome;
      link(request, e, 'outcome o-' + outcome, (WORDS[outcome] || outcome) + ' · ' + offset(e),
        e.querySelector('.h').textContent);
      decisions++;
    }
  });
  body.dataset.decisions = String(decisions);

  // Filters: an unticked kind hides its items (a class on <body>, so it costs nothing per item).
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#filters input[data-group]'));
  boxes.forEach(function (box) {
    var n = document.querySelectorAll('#entries .k-' + box.dataset.group).length;
    box.parentNode.querySelector('.n').textContent = String(n);
    box.addEventListener('change', function () {
      body.classList.toggle('hide-' + box.dataset.group, !box.checked);
      body.dataset.hidden = hidden().join(',');
    });
  });
  function hidden() {
    return boxes.filter(function (b) { return !b.checked; }).map(function (b) { return b.dataset.group; });
  }
  function hide(groups) {
    boxes.forEach(function (b) {
      b.checked = groups.indexOf(b.dataset.group) < 0;
      body.classList.toggle('hide-' + b.dataset.group, !b.checked);
    });
    body.dataset.hidden = hidden().join(',');
  }

  // Search: marks every entry whose text contains the words, opens folded parts that match.
  function search(text) {
    var needle = text.trim().toLowerCase();
    var hits = 0;
    entries.forEach(function (e) {
      var hit = needle !== '' && e.textContent.toLowerCase().indexOf(needle) >= 0;
      e.classList.toggle('hit', hit);
      if (hit) {
        hits++;
        Array.prototype.forEach.call(e.querySelectorAll('details'), function (d) {
          if (d.textContent.toLowerCase().indexOf(needle) >= 0) { d.open = true; }
        });
      }
    });
    body.dataset.matches = String(hits);
    count.textContent = needle === '' ? '' : hits + (hits === 1 ? ' match' : ' matches');
    var first = document.querySelector('.e.hit');
    if (first && first.scrollIntoView) { first.scrollIntoView({block: 'center'}); }
  }
  q.addEventListener('input', function () { search(q.value); });
  only.addEventListener('change', function () { body.classList.toggle('only', only.checked); });
  document.getElementById('expand').addEventListener('click', function () {
    var all = document.querySelectorAll('details');
    var open = Array.prototype.some.call(all, function (d) { return !d.open; });
    Array.prototype.forEach.call(all, function (d) { d.open = open; });
  });

  // The URL: #search=WORD marks matches, #hide=tools,system unticks kinds (both: #search=Bash&hide=system).
  function fromHash() {
    var s = /(?:^#|&)search=([^&]*)/.exec(location.hash);
    if (s) {
      q.value = decodeURIComponent(s[1].replace(/\+/g, ' '));
      search(q.value);
    }
    var h = /(?:^#|&)hide=([^&]*)/.exec(location.hash);
    if (h) { hide(decodeURIComponent(h[1]).split(',')); }
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
  body.dataset.hidden = hidden().join(',');
  body.dataset.ready = '1';
})();
