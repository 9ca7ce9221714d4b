(function () {
  'use strict';
  var body = document.body;
  window.addEventListener('error', function () {
    body.dataset.errors = String(Number(body.dataset.errors || 0) + 1);
  });
  var entries = Array.prototype.slice.call(document.querySelectorAll('#entries .e'));
  var q = document.getElementById('q');
  var count = document.getElementById('count');
  var only = document.getElementById('only');

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
    a.title = e.querySelector('.t').textContent + ' ' + e.dataset.marker + (h ? ': ' + h.textContent.slice(0, 120) : '');
    timeline.appendChild(a);
    markers++;
  });
  body.dataset.markers = String(markers);

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

  function fromHash() {
    var m = /(?:^#|&)search=([^&]*)/.exec(location.hash);
    if (m) {
      q.value = decodeURIComponent(m[1].replace(/\+/g, ' '));
      search(q.value);
    }
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
  body.dataset.ready = '1';
})();
