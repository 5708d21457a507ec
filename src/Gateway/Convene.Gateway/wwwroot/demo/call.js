// The demo page's one-to-one calls: a "Call" button on each participant and a call view with ringing,
// answer/decline, a timer, mute, hang up and the end-to-end safety code. Uses the SDK's call API (sdk/call.js).
const $ = (id) => document.getElementById(id);

let api = null;
let current = null;
let timer = null;

const VIEW = `
  <div class="call-head">
    <strong id="call-title"></strong>
    <span id="call-state"></span>
    <span id="call-timer">0:00</span>
  </div>
  <div class="call-videos">
    <video id="call-remote" autoplay playsinline></video>
    <video id="call-local" autoplay playsinline muted></video>
  </div>
  <p class="call-code">Safety code <strong id="call-code">—</strong> <span id="call-e2ee"></span></p>
  <div class="call-buttons">
    <button id="call-answer">Answer</button>
    <button id="call-decline">Decline</button>
    <button id="call-mute-audio">Mute audio</button>
    <button id="call-mute-video">Mute video</button>
    <button id="call-hangup">Hang up</button>
    <button id="call-close">Close</button>
  </div>
  <p id="call-peer-mute" class="muted"></p>
  <p id="call-error" class="error" role="alert"></p>`;

function view() {
  let el = $('call-view');
  if (el) return el;
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/demo/call.css';
  document.head.appendChild(css);
  el = document.createElement('section');
  el.id = 'call-view';
  el.className = 'panel call-view';
  el.hidden = true;
  el.innerHTML = VIEW;
  document.body.appendChild(el);
  $('call-answer').onclick = () => current?.answer(true).then(() => show(current)).catch(error);
  $('call-decline').onclick = () => current?.hangup().catch(error);
  $('call-hangup').onclick = () => current?.hangup().catch(error);
  $('call-mute-audio').onclick = async () => {
    const s = await current.toggleAudioMute();
    $('call-mute-audio').textContent = s.audio ? 'Unmute audio' : 'Mute audio';
  };
  $('call-mute-video').onclick = async () => {
    const s = await current.toggleVideoMute();
    $('call-mute-video').textContent = s.video ? 'Unmute video' : 'Mute video';
  };
  $('call-close').onclick = () => { el.hidden = true; };
  return el;
}

function error(e) {
  $('call-error').textContent = e ? (e.message || String(e)).replace(/^.*HubException: /, '') : '';
}

function setState(text) {
  $('call-state').textContent = text;
  $('call-view').dataset.state = text;
}

/** Shows `call` in the call view, with the buttons its state allows. */
function show(call, stateText) {
  const el = view();
  el.hidden = false;
  const ringingIn = call.isIncoming() && call.state === 'ringing';
  const live = !call.isEnded();
  $('call-title').textContent = `${call.isIncoming() ? 'Call from' : 'Call to'} ${call.peer.name || call.peer.address}${call.isVideoCall() ? ' (video)' : ' (voice)'}`;
  setState(stateText || (ringingIn ? 'incoming' : call.state));
  $('call-answer').hidden = !ringingIn;
  $('call-decline').hidden = !ringingIn;
  for (const id of ['call-mute-audio', 'call-mute-video', 'call-hangup']) $(id).hidden = ringingIn || !live;
  $('call-close').hidden = live;
  $('call-code').textContent = call.getSafetyCode() || '—';
  $('call-e2ee').textContent = call.isEncrypted() ? 'end-to-end encrypted' : '';
  showVideo(call, 0);
}

/** Local media comes once it is captured: try again for a few seconds. */
function showVideo(call, tries) {
  const local = call.setVideoView('call-local', false);
  const remote = call.setVideoView('call-remote', true);
  if ((!local || !remote) && !call.isEnded() && tries < 40 && call === current) setTimeout(() => showVideo(call, tries + 1), 250);
}

function startTimer(call) {
  clearInterval(timer);
  timer = setInterval(() => {
    const s = call.getDuration();
    $('call-timer').textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }, 500);
}

/** Wires the SDK's call listener to the call view. */
export function setUpCalls(convene) {
  api = convene;
  view();
  api.setCallListener({
    onIncoming: (profile, video) => api.createCallProperties(video),
    onShowUserInterface(call) {
      current = call;
      error();
      $('call-timer').textContent = '0:00';
      $('call-peer-mute').textContent = '';
      show(call);
    },
    onStatus(call, status) {
      if (call !== current) return;
      show(call, status);
      if (status === 'answered') startTimer(call);
    },
    onVideo: (call) => call === current && show(call),
    onAudio: (call) => call === current && show(call),
    onMute(call, audio, video) {
      $('call-peer-mute').textContent = [audio ? 'peer muted audio' : '', video ? 'peer muted video' : ''].filter(Boolean).join(', ');
    },
    onHangup(call, reason) {
      if (call !== current) return;
      clearInterval(timer);
      show(call, `ended: ${reason}`);
    },
    onError: (call, e) => error(e),
    onNotify(type, profile) {
      if (type === 'missed') error({ message: `missed call from ${profile.name || profile.address}` });
    },
  });
}

/** Adds a "Call" button to a participant row (not for yourself). */
export function addCallButton(li, address, isMe) {
  if (isMe || li.querySelector('.call')) return;
  const button = document.createElement('button');
  button.className = 'call';
  button.textContent = 'Call';
  button.onclick = async () => {
    if (api.isCallInProgress()) return;
    view();
    error();
    try {
      current = await api.call(address, api.createCallProperties(true));
      $('call-timer').textContent = '0:00';
      $('call-peer-mute').textContent = '';
      show(current);
    } catch (e) {
      view().hidden = false;
      error(e);
    }
  };
  li.appendChild(button);
}
