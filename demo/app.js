// The Rusty Socks browser demo: plain DOM on top of the client SDK (its browser build, served by the
// server under /demo/sdk/). Everything the page shows comes from SDK requests and events.
import { RustySocksClient } from '/demo/sdk/index.js';

const RANK = { Guest: 0, Member: 1, Moderator: 2, Admin: 3, Owner: 4 };
const MUTE_MINUTES = 10;
const BAN_HOURS = 1;
const HISTORY_PAGE = 50;
const LOG_LIMIT = 200;
const NOTICE_LIMIT = 4;
const LEFT_REASONS = { left: 'left', disconnected: 'disconnected', kicked: 'was kicked', banned: 'was banned' };

const $ = (id) => document.getElementById(id);

/** Text arrives HTML-escaped (names, rooms, content); the page writes it as text, so it is turned back. */
const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const plain = (text) => String(text).replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

/** A DOM element with attributes (`class`, `data-*`, properties) and children (strings become text). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key === 'class' || key.startsWith('data-') || key.startsWith('aria-')) node.setAttribute(key, String(value));
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

const clockTime = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

const state = {
  config: { dev_tokens: false, default_rooms: [] },
  /** @type {RustySocksClient | undefined} */
  client: undefined,
  me: undefined,
  rooms: [],
  /** room id → { id, name, role, log: entries } for the rooms this page is in */
  joined: new Map(),
  current: undefined,
  members: [],
  pendingJoin: undefined,
};

// ---- login ----------------------------------------------------------------------------------

async function loadConfig() {
  try {
    const res = await fetch('/demo/config');
    state.config = await res.json();
  } catch {
    // Without the config the page still works with a pasted token.
  }
  const dev = state.config.dev_tokens;
  $('dev-login').hidden = !dev;
  $('token-login').hidden = dev;
  $('login-name').required = dev;
  $('login-hint').textContent = dev
    ? 'Development server: pick any name and role, the server signs a token for it (POST /dev/token).'
    : 'This server issues no development tokens: paste a token signed with its secret (npm run token).';
  $('login-submit').disabled = false;
  (dev ? $('login-name') : $('login-token')).focus();
}

async function devToken(name, role) {
  const res = await fetch('/dev/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, role }) });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.details?.map((d) => d.message).join('; ') || body.message || `The token route answered ${res.status}`);
  return body.token;
}

async function login(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  let token;
  if (state.config.dev_tokens) {
    const name = $('login-name').value.trim();
    const role = $('login-role').value;
    // A function: each reconnect asks for a fresh token.
    token = () => devToken(name, role);
  } else {
    token = $('login-token').value.trim();
  }
  const client = new RustySocksClient({ url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, token });
  listen(client);
  state.client = client;
  setStatus('connecting', 'connecting…');
  $('login-submit').disabled = true;
  try {
    await client.connect();
  } catch (err) {
    state.client = undefined;
    setStatus('offline', 'offline');
    $('login-error').textContent = `Could not connect: ${err.message}`;
    $('login-submit').disabled = false;
    return;
  }
  $('login').hidden = true;
  $('chat').hidden = false;
  $('logout').hidden = false;
  await refreshRooms();
  // The server puts every connection in the default rooms; joining them again is a no-op that
  // tells the page its role there and lets the SDK rejoin them with recovery after a drop.
  for (const id of state.config.default_rooms) await attempt(() => enterRoom(id));
  if (!state.current && state.joined.size > 0) select(state.joined.keys().next().value);
  $('composer-input').focus();
}

async function logout() {
  const client = state.client;
  state.client = undefined;
  await client?.close();
  Object.assign(state, { me: undefined, rooms: [], current: undefined, members: [], pendingJoin: undefined });
  state.joined.clear();
  $('chat').hidden = true;
  $('logout').hidden = true;
  $('whoami').hidden = true;
  $('login').hidden = false;
  $('login-submit').disabled = false;
  $('notices').replaceChildren();
  setStatus('offline', 'offline');
}

// ---- events from the server ----------------------------------------------------------------------

function listen(client) {
  const mine = (handler) => (payload) => {
    if (state.client === client) handler(payload);
  };
  client.on('connected', mine((welcome) => {
    state.me = welcome;
    setStatus('online', 'connected');
    $('whoami').hidden = false;
    $('whoami').textContent = `${plain(welcome.username)} · ${welcome.global_role}`;
    // After a reconnect the SDK rejoins the rooms (missed messages arrive as events); the lists may have moved.
    if (state.joined.size > 0) {
      void refreshRooms();
      void loadMembers();
    }
  }));
  client.on('close', mine(({ code, willReconnect }) => {
    if (willReconnect) setStatus('reconnecting', `disconnected (${code}), reconnecting…`);
    else setStatus('offline', `disconnected (${code})`);
  }));
  client.on('reconnecting', mine(({ attempt, delayMs }) => setStatus('reconnecting', `reconnecting (attempt ${attempt}, ${Math.round(delayMs / 100) / 10} s)…`)));
  client.on('room_message', mine((m) => {
    const room = state.joined.get(m.room_id);
    if (room) append(room, messageEntry(m));
  }));
  client.on('user_joined', mine((f) => {
    roomEvent(f.room_id, `${plain(f.username)} joined`);
    void refreshRooms();
  }));
  client.on('user_left', mine((f) => {
    if (f.user_id === state.me?.client_id) return; // our own removal comes as KICKED / BANNED
    roomEvent(f.room_id, `${plain(f.username)} ${LEFT_REASONS[f.reason] ?? 'left'}`);
    void refreshRooms();
  }));
  client.on('role_changed', mine((f) => {
    const room = state.joined.get(f.room_id);
    if (!room) return;
    const you = f.user_id === state.me?.client_id;
    if (you) room.role = f.role;
    const who = you ? 'You are' : `${memberName(f.user_id)} is`;
    roomEvent(f.room_id, `${who} now ${f.role}`);
  }));
  client.on('message_deleted', mine((f) => {
    const room = state.joined.get(f.room_id);
    const entry = room?.log.find((e) => e.id === f.message_id);
    if (!entry) return;
    entry.deleted = true;
    if (room.id === state.current) renderMessages();
  }));
  client.on('room_deleted', mine((f) => dropRoom(f.room_id, (name) => `Room ${name} was deleted`)));
  client.on('system_message', mine((f) => {
    if (f.room_id && state.joined.has(f.room_id)) append(state.joined.get(f.room_id), { kind: 'system', text: plain(f.content) });
    else notice(plain(f.content));
  }));
  client.on('private_message', mine((f) => notice(`Private message from ${plain(f.sender_username)}: ${plain(f.content)}`)));
  client.on('error', mine((f) => {
    if (f.request_id !== undefined) return; // a refused request: its caller shows it
    const until = f.until ? ` until ${new Date(f.until).toLocaleString()}` : '';
    if (f.code === 'KICKED') dropRoom(f.room_id, (name) => `You were kicked from ${name}`, 'KICKED');
    else if (f.code === 'BANNED') dropRoom(f.room_id, (name) => `You were banned from ${name}${until || ' for good'}`, 'BANNED');
    else if (f.code === 'MUTED' && state.joined.has(f.room_id)) roomNotice(f.room_id, `You were muted here${until}`, 'MUTED');
    else notice(f.message, f.code);
  }));
  client.on('resync', mine(({ room_id }) => void attempt(() => loadHistory(room_id))));
  client.on('rejoin_failed', mine(({ room_id, error }) => dropRoom(room_id, (name) => `Could not rejoin ${name}: ${error.message}`, error.code)));
}

// ---- rooms ------------------------------------------------------------------------------------------

async function refreshRooms() {
  if (!state.client?.connected) return;
  try {
    state.rooms = await state.client.listRooms();
  } catch {
    return; // rate limited or disconnected: the next refresh will do
  }
  renderRooms();
}

async function enterRoom(id, password) {
  const result = await state.client.joinRoom(id, password ? { password } : {});
  const summary = state.rooms.find((r) => r.id === id);
  state.joined.set(id, { id, name: summary ? plain(summary.name) : id, role: result.role, log: state.joined.get(id)?.log ?? [] });
  await loadHistory(id);
  select(id);
}

async function loadHistory(id) {
  const room = state.joined.get(id);
  if (!room) return;
  const history = await state.client.getHistory(id, { limit: HISTORY_PAGE });
  const last = history.messages.at(-1)?.offset ?? 0;
  // Live messages that arrived while the page was asked for stay, after the history they follow.
  room.log = [...history.messages.map(messageEntry), ...room.log.filter((e) => e.kind !== 'message' || e.offset > last)];
  if (id === state.current) renderMessages();
}

function select(id) {
  state.current = id;
  state.members = [];
  renderRooms();
  renderRoom();
  void loadMembers();
}

async function loadMembers() {
  const id = state.current;
  if (!id || !state.client?.connected) return;
  try {
    const members = await state.client.getRoomMembers(id);
    if (id !== state.current) return;
    state.members = members;
  } catch (err) {
    roomNotice(id, `Could not list members: ${err.message}`, err.code);
  }
  renderMembers();
}

function dropRoom(id, describe, code) {
  const room = state.joined.get(id);
  if (!room) return;
  state.joined.delete(id);
  notice(describe(room.name), code);
  if (state.current === id) {
    const next = state.joined.keys().next();
    if (next.done) {
      state.current = undefined;
      renderRoom();
      renderMembers();
    } else {
      select(next.value);
    }
  }
  void refreshRooms();
}

function onRoomClick(summary) {
  if (state.joined.has(summary.id)) return select(summary.id);
  if (summary.requires_password) {
    state.pendingJoin = summary;
    $('join-room-name').textContent = plain(summary.name);
    $('join-form').hidden = false;
    $('join-password').value = '';
    $('join-password').focus();
    return;
  }
  void attempt(() => enterRoom(summary.id));
}

async function joinWithPassword(event) {
  event.preventDefault();
  const summary = state.pendingJoin;
  if (!summary) return;
  const ok = await attempt(() => enterRoom(summary.id, $('join-password').value));
  if (ok) cancelJoin();
}

function cancelJoin() {
  state.pendingJoin = undefined;
  $('join-form').hidden = true;
}

async function createRoom(event) {
  event.preventDefault();
  const name = $('create-name').value.trim();
  const password = $('create-password').value;
  const isPrivate = $('create-private').checked;
  const created = await attempt(() => state.client.createRoom(name, { ...(password ? { password } : {}), ...(isPrivate ? { is_private: true } : {}) }));
  if (!created) return;
  // The creator is the room's Owner; the SDK has joined it already.
  state.joined.set(created.room_id, { id: created.room_id, name: plain(created.name), role: 'Owner', log: [] });
  $('create-form').reset();
  await refreshRooms();
  select(created.room_id);
}

async function leaveRoom() {
  const id = state.current;
  if (!id) return;
  if (await attempt(() => state.client.leaveRoom(id))) dropRoom(id, (name) => `You left ${name}`);
}

// ---- messages ---------------------------------------------------------------------------------------

function messageEntry(m) {
  return { kind: 'message', id: m.id, offset: m.offset, senderId: m.sender_id, sender: plain(m.sender_username), text: plain(m.content), timestamp: m.timestamp };
}

function append(room, entry) {
  room.log.push(entry);
  if (room.log.length > LOG_LIMIT) room.log.splice(0, room.log.length - LOG_LIMIT);
  if (room.id === state.current) renderMessages();
}

function roomEvent(roomId, text) {
  const room = state.joined.get(roomId);
  if (!room) return;
  append(room, { kind: 'event', text });
  if (roomId === state.current) void loadMembers();
}

function roomNotice(roomId, text, code) {
  const room = state.joined.get(roomId);
  if (room) append(room, { kind: 'notice', text, code });
  else notice(text, code);
}

/** A notice above the messages, for what concerns no room on screen (kicked, private messages…). */
function notice(text, code) {
  const list = $('notices');
  const item = el('li', { class: 'notice', 'data-code': code }, el('span', {}, text), el('button', { type: 'button', title: 'Dismiss', onclick: () => item.remove() }, '×'));
  list.append(item);
  while (list.children.length > NOTICE_LIMIT) list.firstElementChild.remove();
}

async function send(event) {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value.trim();
  const room = state.joined.get(state.current);
  if (!text || !room) return;
  try {
    const ack = await state.client.sendRoomMessage(room.id, text);
    input.value = '';
    // The server sends nobody's message back to its sender: the ack is the proof it went out.
    append(room, { kind: 'message', id: ack.id, offset: ack.offset, senderId: state.me.client_id, sender: plain(state.me.username), text, timestamp: ack.timestamp, own: true });
  } catch (err) {
    const until = err.frame?.until ? ` (until ${new Date(err.frame.until).toLocaleTimeString()})` : '';
    roomNotice(room.id, `Not sent: ${err.message}${until}`, err.code);
  }
}

// ---- moderation -------------------------------------------------------------------------------------

const ACTIONS = {
  kick: { label: 'Kick', min: 'Moderator', run: (c, room, user) => c.kickUser(room, user), done: (who) => `You kicked ${who}` },
  mute: { label: `Mute ${MUTE_MINUTES} min`, min: 'Moderator', run: (c, room, user) => c.muteUser(room, user, { duration_minutes: MUTE_MINUTES }), done: (who) => `You muted ${who} for ${MUTE_MINUTES} minutes` },
  unmute: { label: 'Unmute', min: 'Moderator', run: (c, room, user) => c.unmuteUser(room, user), done: (who) => `You unmuted ${who}` },
  ban: { label: `Ban ${BAN_HOURS} h`, min: 'Admin', run: (c, room, user) => c.banUser(room, user, { duration_hours: BAN_HOURS }), done: (who) => `You banned ${who} for ${BAN_HOURS} hour` },
};

async function moderate(action, member) {
  const roomId = state.current;
  const ok = await attempt(() => ACTIONS[action].run(state.client, roomId, member.id), roomId);
  if (ok) roomNotice(roomId, ACTIONS[action].done(plain(member.username)));
  void loadMembers();
}

async function setRole(member, role) {
  const roomId = state.current;
  await attempt(() => state.client.setUserRole(roomId, member.id, role), roomId);
  void loadMembers();
}

/** Runs a request; a refusal becomes a notice (in `roomId`'s log when given). Resolves with the result, or undefined. */
async function attempt(request, roomId) {
  try {
    return (await request()) ?? true;
  } catch (err) {
    const text = `${err.code ?? 'ERROR'}: ${err.message}`;
    if (roomId) roomNotice(roomId, text, err.code);
    else notice(text, err.code);
    return undefined;
  }
}

// ---- rendering ---------------------------------------------------------------------------------------

function setStatus(stateName, text) {
  $('status').dataset.state = stateName;
  $('status').textContent = text;
}

function showRole(room) {
  $('room-role').textContent = room ? room.role : '';
  $('room-role').className = room ? `role role-${room.role.toLowerCase()}` : 'role';
}

function memberName(userId) {
  const member = state.members.find((m) => m.id === userId);
  return member ? plain(member.username) : userId;
}

function renderRooms() {
  const items = state.rooms.map((r) =>
    el(
      'li',
      { 'data-room-id': r.id, class: [state.joined.has(r.id) && 'joined', r.id === state.current && 'current'].filter(Boolean).join(' ') },
      el(
        'button',
        { type: 'button', onclick: () => onRoomClick(r) },
        el('span', { class: 'room-name' }, plain(r.name)),
        r.requires_password ? el('span', { class: 'tag lock', title: 'Joining needs the password' }, 'password') : undefined,
        r.is_private ? el('span', { class: 'tag' }, 'private') : undefined,
        el('span', { class: 'count', title: 'Members' }, String(r.member_count)),
      ),
    ),
  );
  $('rooms').replaceChildren(...items);
}

function renderRoom() {
  const room = state.joined.get(state.current);
  $('room-title').textContent = room ? room.name : 'No room';
  showRole(room);
  $('leave-room').hidden = !room;
  $('composer-input').disabled = !room;
  renderMessages();
  renderMembers();
}

function renderMessages() {
  const room = state.joined.get(state.current);
  const list = $('messages');
  const items = (room?.log ?? []).map((e) => {
    if (e.kind !== 'message') return el('li', { class: e.code ? `${e.kind} error` : e.kind, 'data-code': e.code }, e.text);
    return el(
      'li',
      { class: e.own ? 'message own' : 'message', 'data-id': e.id },
      el('time', { dateTime: e.timestamp }, clockTime(e.timestamp)),
      el('span', { class: 'sender' }, e.sender),
      el('span', { class: 'content' }, e.deleted ? '(message deleted)' : e.text),
    );
  });
  list.replaceChildren(...items);
  list.scrollTop = list.scrollHeight;
}

function renderMembers() {
  const room = state.joined.get(state.current);
  showRole(room);
  const myRank = RANK[room?.role] ?? 0;
  const items = state.members.map((m) => {
    const you = m.id === state.me?.client_id;
    const outranked = !you && RANK[m.role] < myRank;
    const actions = outranked
      ? Object.entries(ACTIONS)
          .filter(([, a]) => myRank >= RANK[a.min])
          .map(([name, a]) => el('button', { type: 'button', 'data-action': name, onclick: () => void moderate(name, m) }, a.label))
      : [];
    if (outranked && myRank >= RANK.Admin) {
      const roles = Object.keys(RANK).filter((r) => RANK[r] >= RANK.Member && RANK[r] < myRank);
      const select = el('select', { 'aria-label': `Role of ${plain(m.username)}`, 'data-action': 'role', onchange: () => void setRole(m, select.value) }, ...roles.map((r) => el('option', { value: r, selected: r === m.role }, r)));
      actions.push(select);
    }
    return el(
      'li',
      { 'data-user-id': m.id },
      el('div', { class: 'who' }, el('span', { class: 'name' }, plain(m.username)), you ? el('span', { class: 'tag' }, 'you') : undefined, el('span', { class: `role role-${m.role.toLowerCase()}` }, m.role)),
      actions.length ? el('div', { class: 'actions' }, ...actions) : undefined,
    );
  });
  $('members').replaceChildren(...items);
}

// ---- wiring -----------------------------------------------------------------------------------------

$('login-form').addEventListener('submit', login);
$('logout').addEventListener('click', () => void logout());
$('rooms-refresh').addEventListener('click', () => void refreshRooms());
$('join-form').addEventListener('submit', joinWithPassword);
$('join-cancel').addEventListener('click', cancelJoin);
$('create-form').addEventListener('submit', createRoom);
$('leave-room').addEventListener('click', () => void leaveRoom());
$('composer').addEventListener('submit', send);
void loadConfig();
