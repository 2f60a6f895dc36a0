// gatewarden status page. Plain browser JavaScript, no build step, no dependencies.
// Every value from the API reaches the page through textContent or setAttribute: never as markup.
'use strict';

(function () {
  const REFRESH_MS = 5000;
  const FETCH_TIMEOUT_MS = 4000;
  const MAX_TIMELINE_ROWS = 14;
  const MAX_ACTION_ROWS = 20;
  const SVG_NS = 'http://www.w3.org/2000/svg';

  /** Server time minus browser time, so "3 min ago" and the timeline use the daemon's clock. */
  let clockOffsetMs = 0;
  let lastGoodAt = null;
  let timer = null;

  // ------------------------------------------------------------------ safe DOM helpers

  function setAttrs(node, attrs) {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (/^on/i.test(k) || k === 'style' || k === 'href' || k === 'src') throw new Error('refusing attribute ' + k);
      node.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function add(node, ...kids) {
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      node.appendChild(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return node;
  }

  /** An HTML element; string children become text nodes. */
  function h(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    return add(node, ...kids);
  }

  /** An SVG element; string children become text nodes. */
  function s(tag, attrs, ...kids) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    return add(node, ...kids);
  }

  function replace(id, ...kids) {
    const node = document.getElementById(id);
    node.replaceChildren();
    add(node, ...kids);
  }

  function setText(id, text) {
    document.getElementById(id).textContent = text;
  }

  // ------------------------------------------------------------------ words and times

  const INCIDENT_WORDS = {
    provider_rate_limited: 'Provider rate-limited',
    provider_overloaded: 'Provider overloaded',
    provider_unhealthy: 'Provider health check failing',
    state_unwritable: 'gatewarden state dir unwritable',
    quota_exhausted: 'Quota or billing exhausted',
    quota_burn: 'Quota running out fast',
    chain_exhausted: 'Every model in the chain failed',
    fallback_skipped: 'Fallback skipped',
    error_loop: 'Same error repeating',
    context_pressure: 'Context window nearly full',
    context_overflow: 'Context window overflowed',
    request_rejected: 'Provider rejected the request',
    config_reload_failed: 'Gateway rejected a config change',
    chain_misconfigured: 'Fallback chain misconfigured',
    gateway_down: 'Gateway down',
    gateway_crashed: 'Gateway crashed',
    gateway_restarted: 'Gateway restarted',
    gateway_restart_loop: 'Gateway restart loop',
    session_action_failed: 'A session action failed',
  };

  const ACTION_WORDS = {
    switch_primary: 'Switch the primary model',
    fail_back: 'Switch back to the original primary',
    pin_primary: 'Pin the primary model',
    unpin_primary: 'Unpin the primary model',
    restore_config: 'Restore the gateway config',
    restart: 'Restart the gateway',
    compact_session: 'Compact a session',
    quarantine_session: 'Quarantine a session',
  };

  const OUTCOME_WORDS = {
    started: ['started', 'neutral'],
    written: ['written, waiting for the gateway', 'warn'],
    confirmed: ['done: the gateway applied it', 'good'],
    dry_run: ['dry run: not written', 'info'],
    rolled_back: ['rolled back', 'bad'],
    failed: ['failed', 'bad'],
    lost: ['lost track of it', 'bad'],
    refused: ['refused', 'bad'],
    declined: ['not done', 'neutral'],
    cooldown: ['not done: cooling down', 'neutral'],
    in_flight: ['not done: another action running', 'neutral'],
    no_healthy_rung: ['not done: no healthy model to switch to', 'bad'],
    pinned: ['pinned', 'info'],
    unpinned: ['unpinned', 'info'],
    abandoned: ['abandoned', 'neutral'],
    unchanged: ['nothing to change', 'neutral'],
  };

  function words(map, key) {
    return map[key] || String(key || 'unknown').replace(/_/g, ' ');
  }

  function now() {
    return Date.now() + clockOffsetMs;
  }

  function ms(iso) {
    const t = Date.parse(iso);
    return Number.isNaN(t) ? null : t;
  }

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  function clock(t, withSeconds) {
    if (t === null || t === undefined) return '?';
    const d = new Date(t);
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + (withSeconds ? ':' + pad(d.getSeconds()) : '');
  }

  function ago(t) {
    if (t === null || t === undefined) return '';
    const secs = Math.round((now() - t) / 1000);
    if (secs < 0) return 'in ' + span(-secs);
    if (secs < 5) return 'just now';
    return span(secs) + ' ago';
  }

  function span(secs) {
    if (secs < 60) return secs + ' s';
    const mins = Math.round(secs / 60);
    if (mins < 90) return mins + ' min';
    const hours = Math.floor(mins / 60);
    return hours + ' h ' + (mins % 60) + ' min';
  }

  // ------------------------------------------------------------------ data

  async function getJson(path) {
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), FETCH_TIMEOUT_MS);
    try {
      const res = await fetch(path, { cache: 'no-store', signal: ctl.signal, headers: { Accept: 'application/json' } });
      if (!res.ok) throw new Error(path + ' answered HTTP ' + res.status + (res.status === 503 ? ' (the watchdog is not running)' : ''));
      return await res.json();
    } catch (e) {
      if (e.name === 'AbortError') throw new Error(path + ' did not answer within ' + FETCH_TIMEOUT_MS / 1000 + ' s');
      throw e;
    } finally {
      clearTimeout(t);
    }
  }

  const sources = {
    status: 'api/status',
    chain: 'api/chain',
    incidents: 'api/incidents',
    actions: 'api/actions',
    rates: 'api/error-rates',
    load: 'api/load',
  };
  const data = {};

  async function refresh() {
    const names = Object.keys(sources);
    const results = await Promise.allSettled(names.map((n) => getJson(sources[n])));
    const failures = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') data[names[i]] = r.value;
      else failures.push(r.reason && r.reason.message ? r.reason.message : String(r.reason));
    });
    if (data.chain && data.chain.serverTime) {
      const server = ms(data.chain.serverTime);
      if (server !== null) clockOffsetMs = server - Date.now();
    }
    const renderers = [renderChain, renderIncidents, renderRates, renderLoad, renderActions, renderSessions, renderSpend, renderHeader];
    for (const render of renderers) {
      try {
        render();
      } catch (e) {
        failures.push('the page could not draw a section: ' + e.message);
      }
    }
    if (failures.length === 0) lastGoodAt = now();
    renderConnection(failures);
    document.body.setAttribute('data-loaded', 'true');
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      await refresh();
      schedule();
    }, REFRESH_MS);
  }

  // ------------------------------------------------------------------ header

  function breakerStates() {
    const out = { open: 0, half_open: 0 };
    const chain = data.chain;
    if (!chain || !chain.chains) return out;
    const seen = new Set();
    for (const c of chain.chains) {
      for (const r of c.rungs) {
        if (seen.has(r.ref)) continue;
        seen.add(r.ref);
        const st = r.breaker && r.breaker.state;
        if (st === 'open') out.open++;
        if (st === 'half_open') out.half_open++;
      }
    }
    return out;
  }

  function renderHeader() {
    const st = data.status;
    if (st) {
      setText('gateway-name', st.gateway || '?');
      document.getElementById('dry-run').hidden = !st.dryRun;
      document.title = 'gatewarden · ' + (st.gateway || '');
    }
    const open = (data.incidents && data.incidents.open) || [];
    const critical = open.filter((i) => i.severity === 'critical').length;
    const breakers = breakerStates();
    let word = 'ALL CLEAR';
    let level = 'good';
    const parts = [];
    if (critical > 0) {
      word = 'ACTION NEEDED';
      level = 'bad';
    } else if (open.length > 0 || breakers.open > 0 || breakers.half_open > 0) {
      word = 'DEGRADED';
      level = 'warn';
    }
    parts.push(open.length === 0 ? 'no open incidents' : open.length + ' open incident' + (open.length === 1 ? '' : 's')
      + (critical ? ' (' + critical + ' critical)' : ''));
    if (breakers.open) parts.push(breakers.open + ' model' + (breakers.open === 1 ? '' : 's') + ' blocked');
    if (breakers.half_open) parts.push(breakers.half_open + ' being re-tested');
    if (data.chain && data.chain.primary) parts.push('primary ' + data.chain.primary);
    if (!data.incidents && !data.chain) {
      word = 'UNKNOWN';
      level = 'unknown';
      parts.length = 0;
      parts.push('no answer from the daemon yet');
    }
    const box = document.getElementById('overall');
    box.className = 'overall state-' + level;
    box.setAttribute('data-level', level);
    setText('overall-word', word);
    setText('overall-text', parts.join(' · '));
  }

  function renderConnection(failures) {
    const box = document.getElementById('conn-error');
    if (failures.length === 0) {
      box.hidden = true;
      setText('updated', 'Updated ' + clock(now(), true) + ' · refreshes every ' + REFRESH_MS / 1000 + ' s');
      return;
    }
    box.hidden = false;
    box.replaceChildren();
    add(box, [
      h('strong', null, 'Cannot get fresh data from gatewarden. '),
      lastGoodAt ? 'What you see is from ' + clock(lastGoodAt, true) + '. ' : 'Nothing has loaded yet. ',
      h('span', { class: 'detail' }, failures.join('; ')),
    ]);
    setText('updated', 'Last tried ' + clock(now(), true));
  }

  // ------------------------------------------------------------------ chain

  const BREAKER_WORDS = {
    open: ['BLOCKED', 'bad'],
    half_open: ['TESTING', 'warn'],
    closed: ['OK', 'good'],
    none: ['NO CALLS SEEN', 'neutral'],
  };

  function breakerCell(b) {
    const state = (b && b.state) || 'none';
    const [word, level] = BREAKER_WORDS[state] || [state.toUpperCase(), 'neutral'];
    const details = [];
    for (const p of (b && b.profiles) || []) {
      let line;
      if (p.state === 'open') {
        const until = ms(p.openUntil);
        line = 'failing (' + (p.lastReason || p.why || 'errors') + '); skipped until ' + clock(until) + (until ? ' (' + ago(until) + ')' : '');
      } else if (p.state === 'half_open') {
        line = p.scope === 'model'
          ? 'waiting for evidence about this model (an observed success or a model probe; a models list does not count)'
          : 'one trial request decides whether it is healthy again';
        if (p.lastEvidence) line += '; last: ' + p.lastEvidence;
      } else {
        line = 'healthy: ' + p.windowSuccesses + ' ok, ' + p.windowFailures + ' failed recently';
      }
      details.push(h('div', { class: 'sub' }, (b.profiles.length > 1 ? p.profile + ': ' : ''), line));
    }
    if (state === 'none') details.push(h('div', { class: 'sub' }, 'no traffic on this model yet'));
    return h('td', { class: 'breaker', 'data-breaker': state },
      h('span', { class: 'badge level-' + level }, word), details);
  }

  function credentialsCell(rung) {
    const findings = rung.findings || [];
    const worst = findings.find((f) => f.severity === 'error') || findings.find((f) => f.severity === 'warning')
      || findings.find((f) => f.severity === 'info');
    const cell = h('td', { class: 'creds', 'data-finding': worst ? worst.code : 'ok' });
    if (rung.role === 'switched_away') {
      add(cell, h('span', { class: 'sub' }, 'not in the config while switched away'));
      return cell;
    }
    if (!worst) {
      add(cell, h('span', { class: 'badge level-good' }, 'OK'),
        h('div', { class: 'sub' }, rung.keyless ? 'local endpoint: no key needed'
          : (rung.credentials && rung.credentials.length ? 'uses ' + rung.credentials.join(', ') : 'credentials found')),
        rung.rateLimitDomain ? h('div', { class: 'sub', 'data-domain': rung.rateLimitDomain },
          'rate limits ' + rung.rateLimitDomain.replace('_', ' ') + ' (' + rung.rateLimitDomainSource + ')') : null);
      return cell;
    }
    for (const f of findings) {
      const level = f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : 'info';
      const word = f.severity === 'error' ? 'BROKEN' : f.severity === 'warning' ? 'WARNING' : 'NOTE';
      add(cell, h('div', { class: 'finding', 'data-code': f.code },
        h('span', { class: 'badge level-' + level }, word), ' ', f.message,
        f.fix ? h('div', { class: 'sub fix' }, 'Fix: ' + f.fix) : null));
    }
    if (rung.credentials && rung.credentials.length) add(cell, h('div', { class: 'sub' }, 'uses ' + rung.credentials.join(', ')));
    if (rung.rateLimitDomain) add(cell, h('div', { class: 'sub', 'data-domain': rung.rateLimitDomain },
      'rate limits ' + rung.rateLimitDomain.replace('_', ' ') + ' (' + rung.rateLimitDomainSource + ')'));
    return cell;
  }

  function roleText(rung, chain) {
    if (rung.role === 'switched_away') {
      const at = ms(chain.switchedAt);
      return 'original primary: gatewarden switched away from it' + (at ? ' at ' + clock(at) + ' (' + ago(at) + ')' : '')
        + ' and switches back when it has recovered';
    }
    if (rung.role === 'primary') return 'primary: every run starts here';
    return 'fallback ' + (rung.position - 1);
  }

  function renderChain() {
    const chain = data.chain;
    if (!chain) return;
    const banner = document.getElementById('switch-banner');
    if (chain.switchedFrom) {
      banner.hidden = false;
      banner.replaceChildren();
      const at = ms(chain.switchedAt);
      add(banner, h('strong', null, 'Primary switched: '),
        'gatewarden moved the gateway from ' + chain.switchedFrom + ' to ' + (chain.switchedTo || chain.primary || '?')
        + (at ? ' at ' + clock(at) + ' (' + ago(at) + ')' : '') + '. It switches back automatically once '
        + chain.switchedFrom + ' is healthy again.');
    } else if (chain.pinned) {
      banner.hidden = false;
      banner.replaceChildren();
      add(banner, h('strong', null, 'Primary pinned: '), chain.pinned + ' is pinned by an operator; gatewarden will not switch it.');
    } else {
      banner.hidden = true;
    }

    const out = [];
    if (chain.error) out.push(h('p', { class: 'banner banner-bad' }, chain.error));
    if (!chain.chains || chain.chains.length === 0) {
      out.push(h('p', { class: 'empty' }, chain.error ? 'No chain to show.' : 'The gateway config sets no model chain.'));
    }
    for (const c of chain.chains || []) {
      const rows = c.rungs.map((r) => h('tr', {
        class: 'rung role-' + r.role + ' breaker-' + ((r.breaker && r.breaker.state) || 'none'),
        'data-ref': r.ref, 'data-role': r.role, 'data-position': r.position === null ? '' : r.position,
      },
      h('td', { class: 'pos' }, r.role === 'switched_away' ? 'was 1' : String(r.position)),
      h('td', { class: 'model' }, h('span', { class: 'ref' }, r.ref),
        r.class ? h('span', { class: 'tag tag-' + r.class }, r.class) : null,
        h('div', { class: 'sub' }, roleText(r, chain))),
      breakerCell(r.breaker),
      credentialsCell(r)));
      out.push(h('div', { class: 'chain', 'data-agent': c.agent },
        chain.chains.length > 1 ? h('h3', null, c.agent === 'defaults' ? 'Default chain' : 'Agent ' + c.agent,
          h('span', { class: 'sub' }, ' (' + c.source + ')')) : null,
        h('table', { class: 'chain-table' },
          h('thead', null, h('tr', null, h('th', null, '#'), h('th', null, 'Model'), h('th', null, 'Breaker'),
            h('th', null, 'Credentials and config check'))),
          h('tbody', null, rows))));
    }
    if (chain.findings && chain.findings.length) {
      out.push(h('ul', { class: 'chain-findings' }, chain.findings.map((f) => h('li', { 'data-code': f.code },
        h('span', { class: 'badge level-' + (f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : 'info') },
          f.severity.toUpperCase()), ' ', f.agent === 'defaults' || f.agent === 'config' ? '' : 'agent ' + f.agent + ': ',
        f.message, f.fix ? h('div', { class: 'sub fix' }, 'Fix: ' + f.fix) : null))));
    }
    out.push(h('p', { class: 'sub' }, 'Config: ' + chain.configFile));
    replace('chain', out);
  }

  // ------------------------------------------------------------------ incidents

  function incidentTitle(i) {
    const l = i.labels || {};
    const what = l.model && l.provider ? l.provider + '/' + l.model : l.provider || l.model || l.agent || '';
    // several lint findings can be about one model: say which
    const code = i.type === 'chain_misconfigured' && l.code ? ' (' + l.code.replace(/_/g, ' ') + ')' : '';
    return words(INCIDENT_WORDS, i.type) + code + (what ? ': ' + what : '');
  }

  function severityLevel(sev) {
    return sev === 'critical' ? 'bad' : sev === 'warning' ? 'warn' : 'info';
  }

  function renderIncidents() {
    const inc = data.incidents;
    if (!inc) return;
    const open = inc.open || [];
    const recent = inc.recent || [];
    const end = now();
    const shown = open.concat(recent).slice(0, MAX_TIMELINE_ROWS);
    let start = end - 30 * 60 * 1000;
    for (const i of shown) {
      const t = ms(i.startsAt);
      if (t !== null && t < start) start = t;
    }
    start = Math.max(start, end - 24 * 60 * 60 * 1000);
    const width = end - start;
    const pct = (t) => Math.min(100, Math.max(0, ((t - start) / width) * 100));

    const rows = shown.map((i) => {
      const from = ms(i.startsAt) ?? end;
      const to = i.endsAt ? ms(i.endsAt) ?? end : end;
      const left = pct(from);
      const bar = h('div', {
        class: 'bar level-' + severityLevel(i.severity) + (i.endsAt ? ' resolved' : ' open'),
        title: incidentTitle(i) + ', ' + clock(from, true) + ' to ' + (i.endsAt ? clock(to, true) : 'now'),
      });
      bar.style.left = left + '%';
      bar.style.width = Math.max(0.6, pct(to) - left) + '%';
      return h('div', { class: 'tl-row', 'data-type': i.type, 'data-state': i.endsAt ? 'resolved' : 'open' },
        h('div', { class: 'tl-label' }, h('span', { class: 'badge level-' + (i.endsAt ? 'neutral' : severityLevel(i.severity)) },
          i.endsAt ? 'RESOLVED' : String(i.severity).toUpperCase()), ' ', incidentTitle(i)),
        h('div', { class: 'tl-track' }, bar));
    });
    const ticks = [];
    const step = niceStep(width);
    for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
      const tick = h('span', { class: 'tl-tick' }, clock(t));
      tick.style.left = pct(t) + '%';
      ticks.push(tick);
    }
    if (rows.length === 0) {
      replace('timeline', h('p', { class: 'empty good-text' }, 'No incidents in memory. Nothing has gone wrong lately.'));
    } else {
      replace('timeline',
        h('div', { class: 'tl-rows' }, rows),
        h('div', { class: 'tl-row tl-axis' }, h('div', { class: 'tl-label sub' }, clock(start) + ' to now'),
          h('div', { class: 'tl-track' }, ticks)));
    }

    const cards = open.map((i) => incidentCard(i, true));
    const resolved = recent.slice(0, 8).map((i) => incidentCard(i, false));
    replace('incident-list',
      h('h3', null, open.length ? 'Open now (' + open.length + ')' : 'Open now: none'),
      cards.length ? h('div', { class: 'cards' }, cards) : null,
      resolved.length ? h('h3', null, 'Recently resolved') : null,
      resolved.length ? h('div', { class: 'cards' }, resolved) : null);
  }

  function niceStep(widthMs) {
    const minutes = widthMs / 60000;
    const steps = [5, 10, 15, 30, 60, 120, 180, 360];
    for (const m of steps) if (minutes / m <= 8) return m * 60000;
    return 720 * 60000;
  }

  function incidentCard(i, isOpen) {
    const from = ms(i.startsAt);
    const to = ms(i.endsAt);
    const labels = Object.entries(i.labels || {}).filter(([k]) => k !== 'gateway' && k !== 'file');
    return h('article', { class: 'incident ' + (isOpen ? 'open level-' + severityLevel(i.severity) : 'resolved'), 'data-type': i.type },
      h('div', { class: 'incident-head' },
        h('span', { class: 'badge level-' + (isOpen ? severityLevel(i.severity) : 'neutral') }, isOpen ? String(i.severity).toUpperCase() : 'RESOLVED'),
        ' ', h('strong', null, incidentTitle(i))),
      h('p', null, i.summary || ''),
      h('div', { class: 'sub' },
        'started ' + clock(from, true) + ' (' + ago(from) + ')',
        to ? ', resolved ' + clock(to, true) : ', still going',
        ' · ' + i.occurrences + ' occurrence' + (i.occurrences === 1 ? '' : 's')),
      labels.length ? h('div', { class: 'labels' }, labels.map(([k, v]) => h('span', { class: 'label' }, k + '=' + v))) : null,
      i.evidence && i.evidence.length ? h('details', null, h('summary', null, 'Evidence from the log (' + i.evidence.length + ')'),
        h('pre', null, i.evidence.slice(0, 5).join('\n'))) : null);
  }

  // ------------------------------------------------------------------ spend guard

  function renderSpend() {
    const st = data.status;
    if (!st) return;
    const g = st.spendGuard;
    if (!g) {
      replace('spend', h('p', { class: 'empty' }, 'Off: the gateway config could not be read at start.'));
      return;
    }
    const stateText = { idle: 'Idle: the chains are as written.', pending: 'Waiting for the gateway to apply a write…',
      active: 'Active: paid rungs are ' + (g.mode === 'remove' ? 'out of' : 'behind local and free ones in') + ' fallbacks.' };
    const kids = [h('p', { class: 'spend-state spend-' + g.state }, (stateText[g.state] || g.state) + (g.dryRun ? ' (dry run)' : ''))];
    if (g.why) kids.push(h('p', { class: 'hint' }, 'Why: ' + g.why + (g.since ? ' (since ' + clock(g.since, true) + ')' : '')));
    if (g.state !== 'idle' && g.chains && g.chains.length) {
      kids.push(h('table', { class: 'spend-chains' },
        h('tr', null, h('th', null, 'chain'), h('th', null, 'original fallbacks'), h('th', null, 'now')),
        g.chains.map((c) => h('tr', null, h('td', null, c.agent), h('td', null, (c.original || []).join(', ')),
          h('td', null, (c.current || []).join(', ') || '(none)')))));
    }
    const calls = g.paidCalls || [];
    kids.push(calls.length === 0 ? h('p', { class: 'empty' }, 'No paid calls today (' + g.day + ').')
      : h('table', { class: 'spend-calls' },
        h('tr', null, h('th', null, 'credential'), h('th', null, 'paid calls today'), h('th', null, 'budget')),
        calls.map((u) => h('tr', { class: u.spent ? 'bad' : u.warned ? 'warn' : '' }, h('td', null, u.credential),
          h('td', null, String(u.calls)), h('td', null, u.limit > 0 ? u.limit + (u.spent ? ' (spent)' : u.warned ? ' (warned)' : '') : '—')))));
    replace('spend', kids);
  }

  // ------------------------------------------------------------------ error rates

  function renderRates() {
    const r = data.rates;
    if (!r) return;
    const providers = r.providers || [];
    if (providers.length === 0) {
      replace('rates', h('p', { class: 'empty' }, 'No model calls seen in the last hour.'));
      return;
    }
    // worst first: the provider failing most in the last 10 minutes is the one to look at
    const recentFailed = (p) => sum(p.failed.slice(-10));
    const ordered = providers.slice().sort((a, b) => recentFailed(b) - recentFailed(a) || b.failedCalls - a.failedCalls
      || (a.provider < b.provider ? -1 : 1));
    replace('rates', ordered.map((p) => rateChart(p, r)));
  }

  function rateChart(p, r) {
    const W = 560;
    const H = 100;
    const top = 8;
    const plotH = 56;
    const volTop = top + plotH + 8;
    const volH = 14;
    const left = 34;
    const plotW = W - left - 6;
    const n = r.minutes || p.total.length;
    const x = (i) => left + (n <= 1 ? plotW : (i / (n - 1)) * plotW);
    const y = (rate) => top + plotH - rate * plotH;
    const maxCalls = Math.max(1, ...p.total);
    const recentFailed = sum(p.failed.slice(-10));
    const recentTotal = sum(p.total.slice(-10));
    const recentRate = recentTotal ? recentFailed / recentTotal : 0;
    const level = recentTotal === 0 ? 'neutral' : recentRate >= 0.5 ? 'bad' : recentRate >= 0.1 ? 'warn' : 'good';
    const fromMs = ms(r.from);

    const chart = s('svg', {
      class: 'rate-chart chart-' + level, viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img',
      'aria-label': 'error rate of ' + p.provider + ' per minute over the last hour',
      'data-provider': p.provider,
    });
    add(chart, s('title', null, p.provider + ': ' + p.failedCalls + ' of ' + p.calls + ' calls failed in the last hour'));
    // grid: 0 %, 50 %, 100 %
    for (const g of [0, 0.5, 1]) {
      add(chart, s('line', { class: 'grid', x1: left, x2: W - 6, y1: y(g), y2: y(g) }),
        s('text', { class: 'axis', x: left - 4, y: y(g) + 3, 'text-anchor': 'end' }, Math.round(g * 100) + '%'));
    }
    add(chart, s('text', { class: 'axis', x: left, y: H - 1 }, '-60 min'),
      s('text', { class: 'axis', x: W - 6, y: H - 1, 'text-anchor': 'end' }, 'now'));

    // error-rate line, broken where a minute had no calls
    let segment = [];
    const flush = () => {
      if (segment.length) add(chart, s('polyline', { class: 'rate-line', points: segment.join(' ') }));
      segment = [];
    };
    for (let i = 0; i < n; i++) {
      const total = p.total[i];
      if (!total) {
        flush();
        continue;
      }
      const rate = p.failed[i] / total;
      segment.push(x(i).toFixed(1) + ',' + y(rate).toFixed(1));
      const minute = fromMs === null ? null : fromMs + i * 60000;
      add(chart,
        s('rect', { class: 'volume', x: (x(i) - 2).toFixed(1), width: 4, y: (volTop + volH - (total / maxCalls) * volH).toFixed(1),
          height: Math.max(1, (total / maxCalls) * volH).toFixed(1) }),
        s('circle', { class: 'point' + (p.failed[i] ? ' failed' : ''), cx: x(i).toFixed(1), cy: y(rate).toFixed(1), r: 3 },
          s('title', null, clock(minute) + ': ' + p.failed[i] + ' of ' + total + ' calls failed')));
    }
    flush();

    const pctText = (f, t) => (t ? Math.round((f / t) * 100) + '%' : 'n/a');
    return h('div', { class: 'rate', 'data-provider': p.provider },
      h('div', { class: 'rate-head' },
        h('strong', null, p.provider), ' ',
        h('span', { class: 'badge level-' + level },
          recentTotal ? pctText(recentFailed, recentTotal) + ' failing' : 'quiet'),
        h('span', { class: 'sub' }, ' last 10 min: ' + recentFailed + ' of ' + recentTotal + ' failed · last hour: '
          + p.failedCalls + ' of ' + p.calls + ' (' + pctText(p.failedCalls, p.calls) + ')')),
      chart);
  }

  function sum(xs) {
    return xs.reduce((a, b) => a + b, 0);
  }

  // ------------------------------------------------------------------ actions

  function jsonText(v) {
    if (v === null || v === undefined) return '';
    return typeof v === 'string' ? v : JSON.stringify(v);
  }

  /** Journal lines of one action (decision, write, confirmation) become one row. */
  function groupActions(entries) {
    const groups = new Map();
    const out = [];
    for (const e of entries) {
      const id = e.actionId || e.action_id;
      let g = id ? groups.get(id) : null;
      if (!g) {
        g = { action: e.action, first: e, last: e, outcome: e.outcome, reason: e.reason, changes: null, dryRun: e.dryRun,
          detail: e.detail, decision: e.decision };
        if (id) groups.set(id, g);
        out.push(g);
      }
      g.last = e;
      g.outcome = e.outcome;
      g.decision = e.decision;
      if (e.reason && !g.reason) g.reason = e.reason;
      if (e.changes || e.path) g.changes = e.changes || [{ path: e.path, before: e.before, after: e.after }];
      if (e.detail) g.detail = e.detail;
      if (e.dryRun) g.dryRun = true;
    }
    return out.sort((a, b) => (ms(b.last.time) || 0) - (ms(a.last.time) || 0));
  }

  function renderActions() {
    const entries = data.actions;
    if (!entries) return;
    const groups = groupActions(entries).slice(0, MAX_ACTION_ROWS);
    if (groups.length === 0) {
      replace('actions', h('p', { class: 'empty' }, 'No actions yet.'));
      return;
    }
    const rows = groups.map((g) => {
      const [word, level] = OUTCOME_WORDS[g.outcome] || (g.decision === 'declined'
        ? ['not done: ' + String(g.outcome).replace(/_/g, ' '), 'neutral'] : [String(g.outcome).replace(/_/g, ' '), 'neutral']);
      const t = ms(g.last.time);
      const change = (g.changes || []).find((c) => /primary$/.test(c.path || '')) || (g.changes || [])[0];
      return h('tr', { class: 'action', 'data-action': g.action, 'data-outcome': g.outcome },
        h('td', { class: 'when' }, clock(t, true), h('div', { class: 'sub' }, ago(t))),
        h('td', null, h('strong', null, words(ACTION_WORDS, g.action)),
          change ? h('div', { class: 'change' }, jsonText(change.before) + ' → ' + jsonText(change.after)) : null,
          g.reason ? h('div', { class: 'sub' }, g.reason) : null,
          g.detail ? h('div', { class: 'sub' }, g.detail) : null),
        h('td', null, h('span', { class: 'badge level-' + level }, word), g.dryRun && g.outcome !== 'dry_run' ? ' (dry run)' : ''));
    });
    replace('actions', h('table', { class: 'actions-table' },
      h('thead', null, h('tr', null, h('th', null, 'When'), h('th', null, 'What'), h('th', null, 'Result'))),
      h('tbody', null, rows)));
  }

  // ------------------------------------------------------------------ load

  function renderLoad() {
    const l = data.load;
    if (!l) return;
    const rows = (l.sources || []).slice(0, 12).map((s) => h('tr', { class: 'load-source', 'data-kind': s.kind },
      h('td', null, s.who), h('td', null, s.kind), h('td', { class: 'num' }, String(s.calls)),
      h('td', { class: 'num' }, s.failures ? String(s.failures) : '')));
    if (rows.length === 0) {
      replace('load', h('p', { class: 'empty' }, 'No provider calls in the last 24 hours.'));
      return;
    }
    replace('load', h('div', null,
      h('p', { class: 'sub' }, l.calls + ' calls, ' + Math.round(100 * l.background) + ' % background (heartbeats, cron, other)'),
      h('table', { class: 'load-table' },
        h('thead', null, h('tr', null, h('th', null, 'Source'), h('th', null, 'Kind'), h('th', null, 'Calls'), h('th', null, 'Failed'))),
        h('tbody', null, rows))));
  }

  // ------------------------------------------------------------------ sessions

  /** Sessions from /api/status: tokens against window and threshold, quarantine, the last session action. */
  function renderSessions() {
    const list = data.status && data.status.sessions;
    if (!list) return;
    if (list.length === 0) {
      replace('sessions', h('p', { class: 'empty' }, 'No session under pressure or acted on.'));
      return;
    }
    const rows = list.map((v) => {
      const pct = v.tokens != null && v.contextWindow ? Math.round(100 * v.tokens / v.contextWindow) + ' %' : '';
      return h('tr', { class: 'session', 'data-session': v.session },
        h('td', null, h('strong', null, v.session), v.key ? h('div', { class: 'sub' }, v.key) : null),
        h('td', null, v.tokens != null ? String(v.tokens) + (v.contextWindow ? ' / ' + v.contextWindow : '') : '–',
          pct ? h('div', { class: 'sub' }, pct + (v.threshold ? ' (gateway compacts above ' + v.threshold + ')' : '')) : null),
        h('td', null, v.quarantined ? h('span', { class: 'badge level-warn' }, 'quarantined: ' + v.quarantined)
          : v.underPressure ? h('span', { class: 'badge level-warn' }, 'under pressure') : '',
          v.lastAction ? h('div', { class: 'sub' }, words(ACTION_WORDS, v.lastAction) + ': ' + String(v.lastOutcome).replace(/_/g, ' ')
            + (v.tokensBefore != null && v.tokensAfter != null ? ' (' + v.tokensBefore + ' → ' + v.tokensAfter + ')' : '')
            + (v.confirmedTokens != null ? ', next preflight ' + v.confirmedTokens : '')) : null));
    });
    replace('sessions', h('table', { class: 'actions-table' },
      h('thead', null, h('tr', null, h('th', null, 'Session'), h('th', null, 'Tokens'), h('th', null, 'State'))),
      h('tbody', null, rows)));
  }

  // ------------------------------------------------------------------ start

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh().then(schedule);
  });
  refresh().then(schedule);
})();
