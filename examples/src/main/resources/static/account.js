// Account Settings → API Tokens. No inline scripts: the page's CSP allows only this file.
'use strict';

(function () {
  let csrfToken = null;

  const $ = (id) => document.getElementById(id);

  function show(el, visible) {
    el.classList.toggle('hidden', !visible);
  }

  function formatInstant(value, fallback) {
    if (!value) {
      return fallback;
    }
    const d = new Date(value);
    const pad = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  const STATUS_LABELS = { ACTIVE: 'Active', EXPIRED: 'Expired', REVOKED: 'Revoked' };
  const REASON_LABELS = {
    MANUAL: 'Revoked by you',
    ALL: 'All tokens revoked',
    PARENT: 'The token that created it was revoked',
    ROTATED: 'Replaced by a new token',
    LEAKED: 'Reported as leaked',
    UNUSED: 'Unused for too long'
  };

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET') {
      headers['X-CSRF-Token'] = csrfToken;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
      method: method,
      headers: headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (response.status === 401) {
      window.location.assign('/');
      throw new Error('Not logged in');
    }
    let json = null;
    try {
      json = await response.json();
    } catch (e) {
      json = null;
    }
    return { status: response.status, json: json };
  }

  function trashIcon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '18');
    svg.setAttribute('height', '18');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M9 3h6l1 2h4v2H4V5h4l1-2zm-3 6h12l-1 12H7L6 9zm4 2v8h2v-8h-2zm4 0v8h2v-8h-2z');
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    return svg;
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function renderTokens(tokens) {
    const body = $('tokens-body');
    body.replaceChildren();
    show($('no-tokens'), tokens.length === 0);
    show($('tokens-table'), tokens.length > 0);
    for (const token of tokens) {
      const tr = document.createElement('tr');
      tr.dataset.tokenId = token.id;
      tr.className = 'token-' + token.status.toLowerCase();
      const name = cell(token.name, 'token-name');
      const hint = document.createElement('div');
      hint.className = 'muted small mono';
      hint.textContent = token.hint;
      name.appendChild(hint);
      const scopes = document.createElement('div');
      scopes.className = 'muted small token-scopes';
      scopes.textContent = token.scopes.length === 0 ? 'Full access' : token.scopes.join(', ');
      name.appendChild(scopes);
      tr.appendChild(name);
      const status = document.createElement('td');
      const badge = document.createElement('span');
      badge.className = 'badge badge-' + token.status.toLowerCase();
      badge.textContent = STATUS_LABELS[token.status] || token.status;
      status.appendChild(badge);
      if (token.revocation_reason) {
        const reason = document.createElement('div');
        reason.className = 'muted small revocation-reason';
        reason.textContent = REASON_LABELS[token.revocation_reason] || token.revocation_reason;
        if (token.status === 'ACTIVE') {
          // Rotated with an overlap: still valid until then, or until its successor is first used.
          reason.textContent += '; works until ' + formatInstant(token.revoked_at, '') +
            ' or until the new token is first used';
        }
        status.appendChild(reason);
      }
      tr.appendChild(status);
      tr.appendChild(cell(formatInstant(token.created_at, ''), 'token-created'));
      tr.appendChild(cell(formatInstant(token.last_used_at, 'Never'), 'token-last-used'));
      tr.appendChild(cell(formatInstant(token.expires_at, 'Never'), 'token-expires'));
      addLifecycleDetails(tr, token, tokens);
      const actions = document.createElement('td');
      actions.className = 'actions';
      addRotationControls(actions, token);
      if (token.status !== 'REVOKED') {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'icon revoke-button';
        button.title = 'Revoke token';
        button.setAttribute('aria-label', 'Revoke token ' + token.name);
        button.appendChild(trashIcon());
        button.addEventListener('click', () => revoke(token));
        actions.appendChild(button);
      }
      tr.appendChild(actions);
      body.appendChild(tr);
    }
  }

  // ---- token lifecycle: networks, last-use client, expiry mark, predecessor, Regenerate --------------------

  // How long the old token keeps working after Regenerate (or until the new one is first used).
  const OVERLAP_LABELS = [['none', 'No overlap'], ['1h', '1 hour overlap'], ['1d', '1 day overlap']];

  function detail(parent, text, className) {
    const div = document.createElement('div');
    div.className = 'muted small ' + className;
    div.textContent = text;
    parent.appendChild(div);
  }

  // Adds to the cells renderTokens made (name, status, created, last used, expiration): text only, never markup.
  function addLifecycleDetails(tr, token, tokens) {
    const cells = tr.children;
    if (token.allowed_networks && token.allowed_networks.length > 0) {
      detail(cells[0], 'Networks: ' + token.allowed_networks.join(', '), 'token-networks');
    }
    if (token.predecessor_id) {
      const before = tokens.find((t) => t.id === token.predecessor_id);
      detail(cells[0], 'Replaces ' + (before ? before.name + ' (' + before.hint + ')' : token.predecessor_id),
        'token-predecessor');
    }
    if (token.last_used_address) {
      detail(cells[3], 'from ' + token.last_used_address, 'token-last-address');
    }
    if (token.last_used_user_agent) {
      detail(cells[3], token.last_used_user_agent, 'token-last-agent');
    }
    if (token.expires_soon) {
      const mark = document.createElement('span');
      mark.className = 'badge badge-soon expires-soon';
      mark.textContent = 'Expires soon';
      cells[4].appendChild(document.createElement('br'));
      cells[4].appendChild(mark);
    }
  }

  function addRotationControls(actions, token) {
    if (token.status !== 'ACTIVE' || token.revocation_reason) {
      return;
    }
    const select = document.createElement('select');
    select.className = 'overlap-select';
    select.setAttribute('aria-label', 'How long the old token ' + token.name + ' keeps working after Regenerate');
    select.title = 'How long the old token keeps working (at most until the new one is first used)';
    for (const [value, label] of OVERLAP_LABELS) {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      select.appendChild(option);
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'regenerate-button';
    button.textContent = 'Regenerate';
    button.setAttribute('aria-label', 'Regenerate token ' + token.name);
    button.addEventListener('click', () => regenerate(token, select.value));
    actions.appendChild(select);
    actions.appendChild(button);
  }

  async function regenerate(token, overlap) {
    const when = overlap === 'none' ? 'at once'
      : 'after ' + (overlap === '1h' ? 'one hour' : 'one day') + ', or as soon as the new token is used';
    if (!window.confirm('Regenerate the token "' + token.name + '"? The old token stops working ' + when + '.')) {
      return;
    }
    show($('token-error'), false);
    const result = await api('POST', '/api/tokens/' + encodeURIComponent(token.id) + '/rotate', { overlap: overlap });
    if (result.status !== 201) {
      showError(result);
      return;
    }
    showNewToken(result.json.token);
    await loadTokens();
  }

  function networksInput() {
    return $('token-networks').value.split(/[\s,]+/).filter((block) => block.length > 0);
  }

  async function loadTokens() {
    const result = await api('GET', '/api/tokens?per_page=100');
    if (result.status === 200) {
      renderTokens(result.json.tokens);
      await showLeaks(result.json.tokens);
    } else {
      showError(result);
    }
  }

  // ---- Leak reports: tokens revoked because they were found published (GitHub, GitLab, the public revoke
  // endpoint). The banner names those reported in the last LEAK_BANNER_DAYS days; every leaked token's row says
  // where it was found.
  const LEAK_BANNER_DAYS = 30;
  const REPORTER_LABELS = { github: 'GitHub secret scanning', gitlab: 'GitLab secret detection', public: 'a report' };

  // Only http(s) addresses become links; anything else (javascript:, data:) stays text.
  function sourceNode(url) {
    if (!/^https?:\/\//i.test(url)) {
      const code = document.createElement('code');
      code.textContent = url;
      return code;
    }
    const a = document.createElement('a');
    a.href = url;
    a.textContent = url;
    a.rel = 'noopener noreferrer nofollow';
    a.target = '_blank';
    return a;
  }

  function leakSentence(leak, name) {
    const p = document.createElement('p');
    p.className = 'leak-report';
    p.dataset.tokenId = leak.token_id;
    p.append('A token of yours, "' + name + '", was found published');
    if (leak.source_url) {
      p.append(' at ');
      p.appendChild(sourceNode(leak.source_url));
    }
    p.append(' and revoked (' + (REPORTER_LABELS[leak.reporter] || leak.reporter) + ', ' +
      formatInstant(leak.reported_at, '') + '). Anything using it has stopped working: create a new token, ' +
      'put it where the old one was, and remove the old one from where it was found.');
    return p;
  }

  async function showLeaks(tokens) {
    const banner = $('leak-banner');
    const result = await api('GET', '/api/tokens/leaks');
    const leaks = result.status === 200 ? result.json.leaks : [];
    const names = new Map(tokens.map((t) => [t.id, t.name]));
    const since = Date.now() - LEAK_BANNER_DAYS * 24 * 3600 * 1000;
    banner.replaceChildren();
    for (const leak of leaks) {
      const name = names.get(leak.token_id) || leak.token_id;
      if (new Date(leak.reported_at).getTime() >= since) {
        banner.appendChild(leakSentence(leak, name));
      }
      const row = document.querySelector('#tokens-body tr[data-token-id="' + CSS.escape(leak.token_id) + '"]');
      if (row && leak.source_url) {
        const where = document.createElement('div');
        where.className = 'muted small leak-source';
        where.append('Found at ');
        where.appendChild(sourceNode(leak.source_url));
        row.children[1].appendChild(where);
      }
    }
    show(banner, banner.children.length > 0);
  }
  // ---- end of leak reports

  function showError(result) {
    const el = $('token-error');
    el.textContent = (result.json && result.json.error) ? result.json.error : 'Request failed (' + result.status + ')';
    show(el, true);
  }

  async function createToken(event) {
    event.preventDefault();
    show($('token-error'), false);
    const name = $('token-name').value;
    const days = parseInt($('token-expiration').value, 10);
    const checked = document.querySelectorAll('#token-scopes input[name="scopes"]:checked');
    const scopes = Array.from(checked, (box) => box.value);
    const result = await api('POST', '/api/tokens',
      { name: name, expires_in_days: days, scopes: scopes, allowed_networks: networksInput() });
    if (result.status !== 201) {
      showError(result);
      return;
    }
    showNewToken(result.json.token);
    $('token-name').value = '';
    $('token-networks').value = '';
    for (const box of checked) {
      box.checked = false;
    }
    await loadTokens();
  }

  function showNewToken(value) {
    $('new-token-value').textContent = value;
    $('copy-token-button').textContent = 'Copy';
    show($('new-token'), true);
  }

  async function revoke(token) {
    if (!window.confirm('Revoke the token "' + token.name + '"? Anything using it will stop working at once.')) {
      return;
    }
    const result = await api('DELETE', '/api/tokens/' + encodeURIComponent(token.id));
    if (result.status !== 200) {
      showError(result);
    }
    await loadTokens();
  }

  async function copyToken() {
    const value = $('new-token-value').textContent;
    try {
      await navigator.clipboard.writeText(value);
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents($('new-token-value'));
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand('copy');
    }
    $('copy-token-button').textContent = 'Copied';
  }

  // The one-time token leaves the page when it is dismissed, when the page is left (so that Back, from the
  // back/forward cache, does not show it again) and on logout.
  function dismissToken() {
    $('new-token-value').textContent = '';
    show($('new-token'), false);
  }

  async function logout() {
    dismissToken();
    await fetch('/logout', { method: 'POST', headers: { 'X-CSRF-Token': csrfToken }, credentials: 'same-origin' });
    window.location.assign('/');
  }

  function selectTab(tab) {
    for (const other of document.querySelectorAll('.tab')) {
      const selected = other === tab;
      other.classList.toggle('active', selected);
      other.setAttribute('aria-selected', String(selected));
      show($(other.dataset.panel), selected);
    }
  }

  async function init() {
    for (const el of document.querySelectorAll('.base-url')) {
      el.textContent = window.location.origin;
    }
    for (const tab of document.querySelectorAll('.tab')) {
      tab.addEventListener('click', () => selectTab(tab));
    }
    $('create-token-form').addEventListener('submit', createToken);
    $('copy-token-button').addEventListener('click', copyToken);
    $('dismiss-token-button').addEventListener('click', dismissToken);
    $('logout-button').addEventListener('click', logout);
    window.addEventListener('pagehide', dismissToken);
    const session = await api('GET', '/api/session');
    if (session.status !== 200) {
      return;
    }
    csrfToken = session.json.csrf_token;
    $('username').textContent = session.json.username;
    $('account-username').textContent = session.json.username;
    await loadTokens();
    document.body.dataset.ready = 'true';
  }

  document.addEventListener('DOMContentLoaded', init);
})();
