// The demo conference page: sign in with an access token, join a group call, publish camera and
// screens, subscribe to everyone, mute, see who is talking, chat in the group and one-to-one.
import { Convene, STREAM_CAMERA, STREAM_SCREEN } from '/sdk/convene.js';
import { setUpCalls, addCallButton } from '/demo/call.js';
import { setupModeration } from '/demo/moderation.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let api = null;
let group = null;
let camera = null;
let nextScreenId = 1;

function showError(where, e) {
  $(where).textContent = e ? (e.message || String(e)).replace(/^.*HubException: /, '') : '';
}

function setStatus(status) {
  const el = $('status');
  el.textContent = status;
  el.className = `status ${status}`;
}

function tileId(p) {
  return `video-${p.getId()}-${p.getType()}`;
}

function participantRow(p) {
  const id = `row-${p.getId()}-${p.getType()}`;
  let li = $(id);
  if (!li) {
    li = document.createElement('li');
    li.id = id;
    li.innerHTML = '<span class="name"></span><span class="muted"></span>';
    $('participants').appendChild(li);
  }
  li.querySelector('.name').textContent = `${p.getName() || p.getAddress()}${p.isMe() ? ' (you)' : ''}`;
  const mute = p.getMuteStatus();
  li.querySelector('.muted').textContent = [mute.audio ? 'audio muted' : '', mute.video ? 'video muted' : ''].filter(Boolean).join(', ');
  li.classList.toggle('talking', p.isTalking());
  li.dataset.address = p.getAddress();
  addCallButton(li, p.getAddress(), p.isMe() || p.getAddress() === api.address);
  return li;
}

function addTile(p) {
  const id = tileId(p);
  if ($(id)) return;
  const tile = document.createElement('div');
  tile.className = 'tile';
  tile.id = `tile-${id}`;
  const video = document.createElement('video');
  video.id = id;
  video.autoplay = true;
  video.playsInline = true;
  video.muted = p.isMe();
  const label = document.createElement('span');
  label.className = 'label';
  label.textContent = p.getName() || p.getAddress();
  tile.append(video, label);
  if (!p.isMe() && group.info.simulcast) {
    // Simulcast: which layer to receive (auto follows the tile's size and your bandwidth).
    const quality = document.createElement('select');
    quality.className = 'quality';
    quality.append(...['auto', 'low', 'medium', 'high'].map((q) => new Option(q, q)));
    quality.addEventListener('change', () => p.setQuality(quality.value).catch((e) => showError('room-error', e)));
    tile.append(quality);
  }
  $('videos').appendChild(tile);
}

function removeParticipant(p) {
  $(`row-${p.getId()}-${p.getType()}`)?.remove();
  $(`tile-${tileId(p)}`)?.remove();
}

function streamListener() {
  return {
    onConnected(p, connected) { if (connected) p.setVideoView(tileId(p), null, 100, 50); },
    onVideo(p) { p.setVideoView(tileId(p), null, 100, 50); },
    onAudio(p) { p.setVideoView(tileId(p), null, 100, 50); },
    onMute(p) { participantRow(p); },
    onTalking(p, talking) {
      participantRow(p);
      $(`tile-${tileId(p)}`)?.classList.toggle('talking', talking);
    },
    onHangup(p) { removeParticipant(p); },
  };
}

function appendMessage(list, m) {
  const li = document.createElement('li');
  const from = document.createElement('span');
  from.className = 'from';
  from.textContent = m.from;
  li.append(from, document.createTextNode(m.text));
  li.dataset.id = m.id;
  $(list).appendChild(li);
  li.scrollIntoView({ block: 'end' });
}

async function join(token, gid) {
  api = new Convene('', token);
  api.setListener({
    onConnectionStatus: setStatus,
    onMessage: (m) => appendMessage('direct-messages', m),
  });
  const me = await api.start();
  $('whoami').textContent = me.name ? `${me.name} <${me.address}>` : me.address;
  setUpCalls(api);
  group = api.groupCall(gid);
  group.setListener({
    onPublisher(p, joined) {
      if (!joined) {
        removeParticipant(p);
        return;
      }
      participantRow(p);
      addTile(p);
      p.call(true, true, streamListener()).catch((e) => showError('room-error', e));
    },
    onMessage: (m) => appendMessage('messages', m),
    onRestored: () => setStatus('restored'),
  });
  const info = await group.join();
  $('room-name').textContent = info.name || `Group ${gid}`;
  $('publish-camera').disabled = !info.canPublish;
  $('publish-screen').disabled = !info.canPublish;
  $('chat-send').disabled = !info.canSend;
  $('login').hidden = true;
  $('room').hidden = false;
  setupModeration(group, { showError: (e) => showError('room-error', e) }); // raise hand; moderators' controls
}

async function publish(source) {
  const streamId = source === STREAM_CAMERA ? 0 : nextScreenId++;
  const p = group.publish(streamId);
  p.setVideoSource(source);
  p.setName(source === STREAM_CAMERA ? `${api.address} camera` : `${api.address} screen ${streamId}`);
  addTile(p);
  participantRow(p);
  await p.call(true, true, streamListener());
  p.setVideoView(tileId(p), null, 100, 50);
  if (source === STREAM_CAMERA) {
    camera = p;
    $('mute-audio').disabled = false;
    $('mute-video').disabled = false;
    $('switch-source').disabled = !group.info.screenSharing;
    fillResolutions();
  }
}

// The camera's resolution: the choices up to what the room and your member settings allow.
function fillResolutions() {
  const limit = group.info.maxHeight || 0;
  const choices = [180, 360, 720, 1080].filter((h) => !limit || h <= limit);
  const select = $('resolution');
  select.replaceChildren(new Option(limit ? `Best allowed (${limit}p)` : 'Best', '0'), ...choices.map((h) => new Option(`${h}p`, String(h))));
  select.disabled = false;
}

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  showError('login-error');
  $('join').disabled = true;
  try {
    await join($('token').value.trim(), Number($('gid').value));
  } catch (err) {
    showError('login-error', err);
  } finally {
    $('join').disabled = false;
  }
});

$('publish-camera').addEventListener('click', () => publish(STREAM_CAMERA).catch((e) => showError('room-error', e)));
$('publish-screen').addEventListener('click', () => publish(STREAM_SCREEN).catch((e) => showError('room-error', e)));
$('mute-audio').addEventListener('click', async () => {
  const s = await camera.toggleAudioMute();
  $('mute-audio').textContent = s.audio ? 'Unmute audio' : 'Mute audio';
  participantRow(camera);
});
$('mute-video').addEventListener('click', async () => {
  const s = await camera.toggleVideoMute();
  $('mute-video').textContent = s.video ? 'Unmute video' : 'Mute video';
  participantRow(camera);
});
// Camera ↔ screen in the camera's stream, mid-call, without renegotiation (setVideoSource during a call).
$('switch-source').addEventListener('click', async () => {
  try {
    await camera.setVideoSource(camera.info.source === STREAM_CAMERA ? STREAM_SCREEN : STREAM_CAMERA);
    $('switch-source').textContent = camera.info.source === STREAM_CAMERA ? 'Show my screen instead' : 'Show my camera again';
    showError('room-error');
  } catch (e) {
    showError('room-error', e);
  }
});
$('resolution').addEventListener('change', async () => {
  try {
    await camera.setResolution(Number($('resolution').value));
    showError('room-error');
  } catch (e) {
    showError('room-error', e);
  }
});
$('leave').addEventListener('click', async () => {
  await group.leave();
  await api.stop();
  location.reload();
});
$('chat-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('chat-text').value;
  if (!text) return;
  try {
    const id = await group.sendMessage(text);
    if (!(group.info.flags & 0x80)) appendMessage('messages', { from: 'you', text, id }); // 0x80: the server loops it back
    $('chat-text').value = '';
    showError('room-error');
  } catch (err) {
    showError('room-error', err);
  }
});
$('dm-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const to = $('dm-to').value.trim();
  const text = $('dm-text').value;
  if (!to || !text) return;
  try {
    await api.sendMessage(to, text);
    appendMessage('direct-messages', { from: `you → ${to}`, text, id: '' });
    $('dm-text').value = '';
  } catch (err) {
    showError('room-error', err);
  }
});

// Pre-fill the group from the URL (?gid=…) for invite links. Tokens are never put in URLs: they would end up in logs.
if (params.get('gid')) $('gid').value = params.get('gid');

// For tests and debugging in the browser console: the SDK objects behind the page.
window.conveneDemo = {
  get api() { return api; },
  get group() { return group; },
  get camera() { return camera; },
};
