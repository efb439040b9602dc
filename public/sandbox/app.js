// The sandbox page: one person's view of the local workspace. The server says when anything
// changed (server-sent events); the page then reads the workspace as that person sees it and
// draws it again. What the person does goes to /sandbox/act, which sends Hotwash the request
// Slack would send.

const $ = (selector) => document.querySelector(selector);
// openFiles: the files this person has opened, with their rendered text, so that drawing the
// workspace again (on any change in it) keeps them open.
const view = {
  me: localStorage.getItem('hotwash-sandbox-user') || 'UALICE',
  current: 'CGENERAL',
  data: null,
  joinedChannels: null,
  askedAt: 0,
  openFiles: new Map(),
};

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function personName(id) {
  const person = view.data?.people.find((p) => p.id === id);
  if (person) return person.realName;
  return id === 'UBOT' ? 'Hotwash' : id;
}

function channelName(id) {
  return view.data?.channels.find((c) => c.id === id)?.name ?? id;
}

/** Slack's `<…>` tokens: mentions, channels, groups, dates and links. */
function token(inner) {
  const [target, label] = inner.split('|');
  if (/^@[UW]/.test(target)) return `<span class="mention">@${escapeHtml(personName(target.slice(1)))}</span>`;
  if (/^#[CG]/.test(target)) return `<span class="mention">#${escapeHtml(label || channelName(target.slice(1)))}</span>`;
  if (target.startsWith('!subteam^')) return `<span class="mention">${escapeHtml(label || '@group')}</span>`;
  if (target.startsWith('!date^')) {
    const seconds = Number(target.split('^')[1]);
    const when = new Date(seconds * 1000);
    return Number.isFinite(seconds) ? escapeHtml(when.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })) : escapeHtml(label || '');
  }
  if (target.startsWith('!')) return `<span class="mention">@${escapeHtml(target.slice(1))}</span>`;
  if (/^(https?|mailto):/.test(target)) return `<a href="${escapeHtml(target)}" target="_blank" rel="noopener">${escapeHtml(label || target)}</a>`;
  return escapeHtml(label || target);
}

/** Slack's mrkdwn as HTML. The text arrives escaped as Slack escapes it (&amp; &lt; &gt;). */
function mrkdwn(source) {
  const tokens = [];
  let html = String(source).replace(/<([^<>]+)>/g, (_, inner) => `\uE000${tokens.push(inner) - 1}\uE000`);
  html = html.replace(/&(?!(amp|lt|gt);)/g, '&amp;').replace(/"/g, '&quot;');
  html = html.replace(/```([\s\S]*?)```/g, (_, code) => `<pre>${code}</pre>`);
  html = html.replace(/`([^`\n]+)`/g, '<code>$1</code>');
  html = html.replace(/(^|[\s(>])\*([^*\n]+)\*(?=$|[\s.,;:!?)<])/gm, '$1<b>$2</b>');
  html = html.replace(/(^|[\s(>])_([^_\n]+)_(?=$|[\s.,;:!?)<])/gm, '$1<i>$2</i>');
  html = html.replace(/(^|[\s(>])~([^~\n]+)~(?=$|[\s.,;:!?)<])/gm, '$1<s>$2</s>');
  html = html.replace(/^&gt; ?(.*)$/gm, '<blockquote>$1</blockquote>');
  html = html.replace(/:([a-z_]+):/g, (shortcode, name) => EMOJI[name] ?? shortcode);
  html = html.replace(/\n/g, '<br>');
  return html.replace(/\uE000(\d+)\uE000/g, (_, i) => token(tokens[Number(i)]));
}

/** The emoji shortcodes Hotwash writes (src/slack/messages), as Slack shows them. */
const EMOJI = {
  arrows_counterclockwise: '🔄',
  ballot_box_with_check: '☑️',
  bell: '🔔',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  clipboard: '📋',
  hourglass_flowing_sand: '⏳',
  information_source: 'ℹ️',
  link: '🔗',
  lock: '🔒',
  loudspeaker: '📢',
  memo: '📝',
  no_bell: '🔕',
  pager: '📟',
  pushpin: '📌',
  raising_hand: '🙋',
  rotating_light: '🚨',
  sunny: '☀️',
  thermometer: '🌡️',
  warning: '⚠️',
  white_check_mark: '✅',
  wrench: '🔧',
};

function textOf(object) {
  if (!object) return '';
  return object.type === 'mrkdwn' ? mrkdwn(object.text) : escapeHtml(object.text);
}

/** A Block Kit confirm dialog; resolves true when confirmed. */
function confirmDialog(confirm) {
  return new Promise((resolve) => {
    const dialog = document.createElement('div');
    dialog.id = 'dialog';
    dialog.innerHTML = `<div class="box" role="dialog"><h3>${textOf(confirm.title)}</h3><p>${textOf(confirm.text)}</p>
      <div class="buttons"><button type="button" data-answer="no">${textOf(confirm.deny) || 'Cancel'}</button>
      <button type="button" data-answer="yes" class="primary">${textOf(confirm.confirm) || 'Confirm'}</button></div></div>`;
    dialog.addEventListener('click', (event) => {
      const answer = event.target.dataset?.answer;
      if (!answer) return;
      dialog.remove();
      resolve(answer === 'yes');
    });
    document.body.append(dialog);
  });
}

function renderElement(element, message) {
  if (element.type === 'button') {
    const button = document.createElement('button');
    button.type = 'button';
    button.innerHTML = textOf(element.text);
    button.dataset.actionId = element.action_id;
    if (element.style) button.className = element.style;
    button.addEventListener('click', async () => {
      if (element.confirm && !(await confirmDialog(element.confirm))) return;
      act({ kind: 'click', channel: message.channel, ts: message.ts, actionId: element.action_id, value: element.value ?? '' });
    });
    return button;
  }
  if (element.type === 'static_select') {
    const select = document.createElement('select');
    select.dataset.actionId = element.action_id;
    select.innerHTML = `<option value="">${textOf(element.placeholder) || 'Choose'}</option>${(element.options ?? [])
      .map((o) => `<option value="${escapeHtml(o.value)}">${textOf(o.text)}</option>`)
      .join('')}`;
    if (element.initial_option) select.value = element.initial_option.value;
    select.addEventListener('change', async () => {
      if (!select.value) return;
      if (element.confirm && !(await confirmDialog(element.confirm))) return;
      act({ kind: 'click', channel: message.channel, ts: message.ts, actionId: element.action_id, selected: select.value });
    });
    return select;
  }
  const other = document.createElement('span');
  other.innerHTML = textOf(element.text ?? element);
  return other;
}

function renderBlocks(blocks, message) {
  const container = document.createElement('div');
  for (const block of blocks) {
    const node = document.createElement('div');
    node.className = `block-${block.type}`;
    if (block.type === 'header') node.innerHTML = textOf(block.text);
    else if (block.type === 'divider') node.append(document.createElement('hr'));
    else if (block.type === 'context') node.innerHTML = (block.elements ?? []).map((e) => (e.type === 'image' ? '' : textOf(e))).join(' · ');
    else if (block.type === 'section') {
      if (block.text) node.innerHTML = `<div>${textOf(block.text)}</div>`;
      if (block.fields) node.insertAdjacentHTML('beforeend', `<div class="block-fields">${block.fields.map((f) => `<div>${textOf(f)}</div>`).join('')}</div>`);
      if (block.accessory) {
        const actions = document.createElement('div');
        actions.className = 'block-actions';
        actions.append(renderElement(block.accessory, message));
        node.append(actions);
      }
    } else if (block.type === 'actions') {
      node.className = 'block-actions';
      for (const element of block.elements ?? []) node.append(renderElement(element, message));
    } else node.innerHTML = textOf(block.text ?? { type: 'plain_text', text: '' });
    container.append(node);
  }
  return container;
}

function renderMessage(message) {
  const node = document.createElement('div');
  node.className = `message${message.thread_ts && message.thread_ts !== message.ts ? ' thread-reply' : ''}`;
  node.dataset.ts = message.ts;
  const when = new Date(Number(message.ts) * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  node.innerHTML = `<span class="who">${escapeHtml(personName(message.user))}</span><span class="when">${when}</span>${message.pinned ? ' 📌' : ''}`;
  const body = document.createElement('div');
  body.className = 'body';
  if (Array.isArray(message.blocks) && message.blocks.length) body.append(renderBlocks(message.blocks, message));
  else body.innerHTML = mrkdwn(message.text);
  node.append(body);
  if (message.reactions.length) {
    const reactions = document.createElement('div');
    reactions.className = 'reactions';
    reactions.innerHTML = message.reactions.map((r) => `<span>${EMOJI[r.name] ?? `:${escapeHtml(r.name)}:`} ${r.count}</span>`).join('');
    node.append(reactions);
  }
  if (view.current !== view.me) {
    const tools = document.createElement('div');
    tools.className = 'tools';
    const pinned = message.reactions.some((r) => r.name === 'pushpin' && r.users.includes(view.me));
    tools.append(
      tool(pinned ? 'Remove 📌' : '📌', 'React with a pushpin (captures it into the timeline)', () =>
        act({ kind: 'react', channel: message.channel, ts: message.ts, name: 'pushpin', add: !pinned }),
      ),
    );
    if (message.user === view.me) {
      tools.append(
        tool('Edit', 'Edit your message', () => {
          const text = prompt('Edit your message', message.text);
          if (text) act({ kind: 'edit', channel: message.channel, ts: message.ts, text: typed(text) });
        }),
      );
      tools.append(tool('Delete', 'Delete your message', () => act({ kind: 'delete', channel: message.channel, ts: message.ts })));
    }
    node.append(tools);
  }
  return node;
}

function tool(label, title, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.title = title;
  button.addEventListener('click', onClick);
  return button;
}

function renderFile(file) {
  const node = document.createElement('div');
  node.className = 'file';
  const opened = view.openFiles.get(file.id);
  node.innerHTML = `📄 <b>${escapeHtml(file.title)}</b> <a href="/sandbox/files/${file.id}?download" download>Download</a>
    <button type="button" class="open-file">${opened === undefined ? 'Show' : 'Hide'}</button><div>${mrkdwn(file.comment)}</div><div class="doc"${opened === undefined ? ' hidden' : ''}></div>`;
  if (opened !== undefined) node.querySelector('.doc').innerHTML = opened;
  // The workspace is drawn from view state, so opening or closing a file only changes that state.
  node.querySelector('.open-file').addEventListener('click', async () => {
    if (view.openFiles.has(file.id)) view.openFiles.delete(file.id);
    else view.openFiles.set(file.id, await (await fetch(`/sandbox/files/${file.id}`)).text());
    render();
  });
  return node;
}

function renderModal() {
  const modal = $('#modal');
  const opened = view.data.modal;
  if (!opened) {
    modal.hidden = true;
    modal.dataset.index = '';
    return;
  }
  const errors = opened.errors ?? {};
  // Keep what the person typed when only the errors changed.
  if (modal.dataset.index === String(opened.index) && !modal.hidden) {
    for (const [block, message] of Object.entries(errors)) {
      const slot = modal.querySelector(`[data-error-for="${CSS.escape(block)}"]`);
      if (slot) slot.textContent = message;
    }
    return;
  }
  modal.dataset.index = String(opened.index);
  const v = opened.view;
  const form = document.createElement('form');
  form.innerHTML = `<h2>${textOf(v.title)}</h2>`;
  for (const block of v.blocks) {
    if (block.type !== 'input') {
      form.append(renderBlocks([block], { channel: '', ts: '' }));
      continue;
    }
    const id = `field-${block.block_id}`;
    const element = block.element;
    const wrapper = document.createElement('div');
    wrapper.innerHTML = `<label for="${id}">${textOf(block.label)}${block.optional ? ' <small>(optional)</small>' : ''}</label>`;
    let input;
    if (element.type === 'plain_text_input') {
      input = document.createElement(element.multiline ? 'textarea' : 'input');
      if (!element.multiline) input.type = 'text';
      input.value = element.initial_value ?? '';
      if (element.placeholder) input.placeholder = element.placeholder.text;
      if (element.max_length) input.maxLength = element.max_length;
    } else if (element.type === 'static_select') {
      input = document.createElement('select');
      input.innerHTML = `<option value=""></option>${element.options.map((o) => `<option value="${escapeHtml(o.value)}">${textOf(o.text)}</option>`).join('')}`;
      if (element.initial_option) input.value = element.initial_option.value;
    } else if (element.type === 'checkboxes') {
      input = document.createElement('div');
      input.innerHTML = element.options
        .map((o) => `<label style="font-weight:normal"><input type="checkbox" value="${escapeHtml(o.value)}"> ${textOf(o.text)}</label>`)
        .join('');
    } else {
      input = document.createElement('input');
    }
    input.id = id;
    input.dataset.block = block.block_id;
    input.dataset.kind = element.type;
    wrapper.append(input);
    if (block.hint) wrapper.insertAdjacentHTML('beforeend', `<div class="hint">${textOf(block.hint)}</div>`);
    wrapper.insertAdjacentHTML(
      'beforeend',
      `<div class="error" data-error-for="${escapeHtml(block.block_id)}">${escapeHtml(errors[block.block_id] ?? '')}</div>`,
    );
    form.append(wrapper);
  }
  form.insertAdjacentHTML(
    'beforeend',
    `<div class="buttons"><button type="button" id="modal-cancel">${textOf(v.close) || 'Cancel'}</button><button type="submit" id="modal-submit" class="primary">${textOf(v.submit) || 'Submit'}</button></div>`,
  );
  form.querySelector('#modal-cancel').addEventListener('click', () => act({ kind: 'dismiss', view: opened.index }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields = {};
    for (const input of form.querySelectorAll('[data-block]')) {
      if (input.dataset.kind === 'checkboxes') {
        const checked = input.querySelector('input:checked');
        if (checked) fields[input.dataset.block] = checked.value;
      } else fields[input.dataset.block] = typed(input.value);
    }
    view.askedAt = Date.now();
    act({ kind: 'submit', view: opened.index, fields });
  });
  modal.replaceChildren(form);
  modal.hidden = false;
  form.querySelector('input, textarea, select')?.focus();
}

function render() {
  const data = view.data;
  const who = $('#who');
  if (!who.options.length) {
    who.innerHTML = data.people.map((p) => `<option value="${p.id}">${escapeHtml(p.realName)}</option>`).join('');
  }
  who.value = view.me;
  // A channel this person joined just after declaring an incident is theirs to look at. Joined,
  // not appeared: a public channel shows to everyone before its declarer is invited into it.
  const ids = new Set(data.channels.map((c) => c.id));
  const joined = new Set(data.channels.filter((c) => c.member).map((c) => c.id));
  if (view.joinedChannels) {
    const fresh = data.channels.filter((c) => joined.has(c.id) && !view.joinedChannels.has(c.id));
    if (fresh.length && Date.now() - view.askedAt < 15_000) view.current = fresh.at(-1).id;
  }
  view.joinedChannels = joined;
  if (view.current !== view.me && !ids.has(view.current)) view.current = 'CGENERAL';

  $('#channels').innerHTML = data.channels
    .map(
      (c) =>
        `<li data-channel="${c.id}" class="${c.id === view.current ? 'active' : ''}">${c.private ? '🔒' : '#'} ${escapeHtml(c.name)}${c.archived ? ' (archived)' : ''}</li>`,
    )
    .join('');
  $('#dms').innerHTML =
    `<li data-channel="${view.me}" class="${view.current === view.me ? 'active' : ''}">Hotwash${data.direct.length ? ` (${data.direct.length})` : ''}</li>`;

  const inDm = view.current === view.me;
  const channel = data.channels.find((c) => c.id === view.current);
  $('#channel-name').textContent = inDm ? 'Hotwash (direct messages)' : `${channel?.private ? '🔒' : '#'} ${channel?.name ?? ''}`;
  $('#topic').innerHTML = inDm ? '' : mrkdwn(channel?.topic ?? '');
  const messages = (inDm ? data.direct : data.messages.filter((m) => m.channel === view.current)).slice();
  // Thread replies follow the message they answer.
  const order = (m) => (m.thread_ts && m.thread_ts !== m.ts ? `${m.thread_ts}~${m.ts}` : m.ts);
  messages.sort((a, b) => (order(a) < order(b) ? -1 : 1));
  $('#pins').innerHTML = messages
    .filter((m) => m.pinned)
    .map((m) => `<div class="pin" data-ts="${m.ts}">📌 Pinned: ${mrkdwn((m.text || '').split('\n')[0].slice(0, 160))}</div>`)
    .join('');
  const list = $('#messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren(...messages.map(renderMessage), ...data.files.filter((f) => f.channel === view.current).map(renderFile));
  if (atBottom) list.scrollTop = list.scrollHeight;
  $('#ephemeral').innerHTML = data.ephemeral
    .filter((e) => e.channel === view.current)
    .slice(-4)
    .map((e) => `<div class="reply"><small>Only visible to you</small>${mrkdwn(e.text)}</div>`)
    .join('');
  $('#compose').placeholder = inDm ? 'Commands work anywhere: /incident help' : `Message #${channel?.name ?? ''}, or /incident help`;
  renderModal();
}

/** What a person types, as Slack sends it: @alice becomes a mention of Alice. */
function typed(text) {
  return text.replace(/@(alice|bob|carol|dave)\b/gi, (_, name) => `@U${name.toUpperCase()}`);
}

async function load() {
  const response = await fetch(`/sandbox/state?user=${encodeURIComponent(view.me)}`);
  view.data = await response.json();
  render();
}

async function act(action) {
  const response = await fetch('/sandbox/act', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: view.me, ...action }),
  });
  const answer = await response.json().catch(() => ({}));
  if (answer.error) alert(answer.error);
  await load();
}

$('#composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('#compose').value.trim();
  if (!text) return;
  $('#compose').value = '';
  view.askedAt = Date.now();
  act({ kind: 'message', channel: view.current, text: typed(text) });
});
$('#compose').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $('#composer').requestSubmit();
  }
});
$('#who').addEventListener('change', (event) => {
  view.me = event.target.value;
  localStorage.setItem('hotwash-sandbox-user', view.me);
  view.joinedChannels = null; // another person's channels are not news
  if (view.current.startsWith('U')) view.current = view.me;
  $('#modal').dataset.index = '';
  load();
});
$('#sidebar').addEventListener('click', (event) => {
  const item = event.target.closest('li[data-channel]');
  if (!item) return;
  view.current = item.dataset.channel;
  render();
});
$('#demo').addEventListener('click', async () => {
  $('#demo').disabled = true;
  view.me = 'UALICE';
  view.askedAt = Date.now();
  await fetch('/sandbox/demo', { method: 'POST' });
  load();
});

new EventSource('/sandbox/stream').onmessage = () => load();
load();
