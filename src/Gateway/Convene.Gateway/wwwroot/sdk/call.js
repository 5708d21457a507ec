// One-to-one calls (Convene JS SDK), in the vocabulary of the call API spec:
//   api.setCallListener({ onIncoming(profile, video, waiting) { return api.createCallProperties(video); },
//                         onShowUserInterface(call, props) { ... call.answer(true) ... },
//                         onStatus(call, status, video), onMute(call, audioMuted, videoMuted),
//                         (status: ringing, answered, reconnecting, reconnected, busy, declined, noanswer, unreachable)
//                         onHangup(call, reason), onError(call, error), onNotify(type, profile, video) });
//   const call = await api.call('bob', api.createCallProperties(true));
//   call.toggleAudioMute(); call.hangup(); api.getActiveCall(); api.isCallInProgress();
// Media goes through the server's relay (a two-person room); with `e2ee` (the default where the browser can) every
// encoded frame is encrypted end to end (see e2ee.js). A connection that breaks in an answered call is renewed
// (call-reconnect.js): onStatus 'reconnecting', then 'reconnected' — or the server ends the call as 'medialost'.
import { CallKey, E2EE_SUPPORTED } from './e2ee.js';
import { CallReconnector } from './call-reconnect.js';
import { addCallMedia } from './call-media.js';

function fire(listener, name, ...args) {
  const fn = listener && listener[name];
  if (typeof fn !== 'function') return undefined;
  try {
    return fn.apply(listener, args);
  } catch (e) {
    console.error(`Convene: call listener ${name} threw`, e);
    return undefined;
  }
}

const ENDED = new Set(['busy', 'declined', 'noanswer', 'hangup', 'unreachable']);

/** The call API of one Convene connection (`api.call`, `api.getActiveCall()` … delegate here). */
export class CallApi {
  constructor(api) {
    this.api = api;
    this.listener = null;
    this.active = null;
    if (typeof navigator !== 'undefined' && navigator.mediaDevices) {
      navigator.mediaDevices.addEventListener?.('devicechange', () => fire(this.listener, 'onDeviceChange', this.active));
    }
  }

  setListener(listener) {
    this.listener = listener;
  }

  /**
   * The spec's CallProperties with defaults: audio on, `video` as given, no resolution or bitrate cap, end-to-end
   * encryption where the browser can.
   */
  createCallProperties(video) {
    return { audio: true, video: !!video, width: 0, height: 0, maxBitrate: 0, e2ee: E2EE_SUPPORTED, user: null };
  }

  getActiveCall() {
    return this.active && !this.active.isEnded() ? this.active : null;
  }

  isCallInProgress() {
    return this.getActiveCall() !== null;
  }

  /** Places a call to `address`; resolves with the Call (already ended when the callee was busy or unreachable). */
  async call(address, properties) {
    if (address && typeof address === 'object') {
      properties = address;
      address = properties.user?.address ?? properties.user;
    }
    const props = { ...this.createCallProperties(properties?.video ?? true), ...properties };
    if (this.isCallInProgress()) {
      const e = new Error('another call is in progress');
      e.code = 'conflict';
      throw e;
    }
    const key = props.e2ee ? await CallKey.create() : null;
    const dto = await this.api.invoke('Call', String(address), { video: !!props.video, maxBitrate: props.maxBitrate | 0, publicKey: key?.publicKey ?? null });
    const call = new Call(this, dto, false, props, key);
    this.active = call;
    if (ENDED.has(dto.state)) {
      call._end(dto.state, dto);
      return call;
    }
    fire(this.listener, 'onStatus', call, 'ringing', call.video);
    call._publish().catch((e) => call._error(e));
    return call;
  }

  /** Every OnCall event of the hub connection. */
  _onEvent(e) {
    const dto = e.call;
    if (e.kind === 'incoming') {
      this._incoming(e);
      return;
    }
    const call = this.active && this.active.id === dto.id ? this.active : null;
    if (e.kind === 'missed') {
      fire(this.listener, 'onNotify', 'missed', { address: dto.caller, name: dto.callerName }, dto.video, dto);
      return;
    }
    if (!call) return;
    call.info = dto;
    if (e.kind === 'status') call._status(dto.state, e.publicKey);
    else if (e.kind === 'published') {
      // A second `published` is the peer's new connection (it reconnected): subscribe anew (call-reconnect.js).
      const again = call._peerPublished && call._subPc !== null;
      call._peerPublished = true;
      if (again) call._reconnector.peerPublished();
      else call._subscribe().catch((err) => call._error(err));
    } else if (e.kind === 'mute') {
      call.remoteMute = { audio: e.audioMuted, video: e.videoMuted };
      fire(this.listener, 'onMute', call, e.audioMuted, e.videoMuted);
    } else if (e.kind === 'hangup') call._end(dto.reason || dto.state, dto);
  }

  async _incoming(e) {
    const dto = e.call;
    if (this.isCallInProgress()) return; // the server makes a second caller busy; nothing to show here
    const props = this.createCallProperties(dto.video);
    const call = new Call(this, dto, true, props, null);
    call._peerKey = e.publicKey;
    this.active = call;
    const profile = { address: dto.caller, name: dto.callerName };
    const hasFilter = this.listener && typeof this.listener.onIncoming === 'function';
    let chosen = hasFilter ? await Promise.resolve(fire(this.listener, 'onIncoming', profile, dto.video, false)) : props;
    if (!chosen) {
      await call.hangup().catch(() => {});
      return;
    }
    call.properties = { ...props, ...chosen };
    if (call.isEnded()) return;
    fire(this.listener, 'onShowUserInterface', call, call.properties);
  }

  /** The hub connection was replaced: the server ended the call the old connection was in. */
  _connectionLost() {
    if (this.isCallInProgress()) this.active._end('disconnected', null);
  }
}

/** One call, incoming or outgoing. */
export class Call {
  constructor(callApi, dto, incoming, properties, key) {
    this.callApi = callApi;
    this.api = callApi.api;
    this.info = dto;
    this.id = dto.id;
    this.incoming = incoming;
    this.video = dto.video;
    this.properties = properties;
    this.peer = incoming ? { address: dto.caller, name: dto.callerName } : { address: dto.callee, name: dto.callee };
    this.state = dto.state;
    this.key = key; // CallKey, or null without e2ee
    this.safetyCode = null;
    this.localStream = null;
    this.remoteStream = null;
    this.muted = { audio: false, video: false };
    this.remoteMute = { audio: false, video: false };
    this.answeredAt = null;
    this._pubPc = null;
    this._subPc = null;
    this._peerPublished = false;
    this._answering = false;
    this._ended = false;
    this._reconnector = new CallReconnector(this);
  }

  isIncoming() { return this.incoming; }
  isVideoCall() { return this.video; }
  isAnswered() { return this.state === 'answered'; }
  /** Answered, and renewing a media connection that broke (between onStatus 'reconnecting' and 'reconnected'). */
  isReconnecting() { return !this._ended && this._reconnector.reconnecting; }
  isEnded() { return ENDED.has(this.state) || this.state === 'disconnected'; }
  isEncrypted() { return !!(this.key && this.key.key && !this.key.passthrough); }
  /** The 8-digit code both parties can compare (null until the keys are agreed). */
  getSafetyCode() { return this.safetyCode; }
  getMuteStatus() { return { ...this.muted }; }
  getRemoteMuteStatus() { return { ...this.remoteMute }; }
  /** Seconds since the call was answered (0 before). */
  getDuration() { return this.answeredAt ? Math.floor((Date.now() - this.answeredAt) / 1000) : 0; }
  getLocalStream() { return this.localStream; }
  getRemoteStream() { return this.remoteStream; }

  /** Answers an incoming call, with or without sending video. */
  async answer(video = this.video) {
    if (!this.incoming) throw new Error('only an incoming call is answered');
    this.properties.video = !!video && this.video;
    const e2ee = this.properties.e2ee && this._peerKey && E2EE_SUPPORTED;
    if (e2ee) {
      this.key = await CallKey.create();
      this.safetyCode = await this.key.agree(this._peerKey, this.id, false);
    }
    this._answering = true;
    const dto = await this.api.invoke('AnswerCall', this.id, this.key?.publicKey ?? null);
    this.info = dto;
    this._status('answered', null);
    await this._publish();
    await this._subscribe();
  }

  /** Ends the call: declines it while it rings (callee), cancels it (caller), or hangs up. */
  async hangup() {
    if (this.isEnded()) return;
    const dto = await this.api.invoke('HangupCall', this.id);
    this._end(dto.reason || dto.state, dto);
  }

  toggleAudioMute() { return this.mute(!this.muted.audio, this.muted.video); }
  toggleVideoMute() { return this.mute(this.muted.audio, !this.muted.video); }

  /** Mutes (true) or unmutes own audio/video; the peer gets onMute. */
  async mute(audio, video) {
    this.muted = { audio: !!audio, video: !!video };
    for (const t of this.localStream?.getAudioTracks() || []) t.enabled = !audio;
    for (const t of this.localStream?.getVideoTracks() || []) t.enabled = !video;
    if (!this.isEnded()) await this.api.invoke('MuteCall', this.id, !!audio, !!video);
    return this.getMuteStatus();
  }

  /** Shows the local (`remote` false) or remote stream in the <video> element `elementId`, when there is one. */
  setVideoView(elementId, remote = true) {
    const el = document.getElementById(elementId);
    const stream = remote ? this.remoteStream : this.localStream;
    if (!el || !stream) return false;
    if (el.srcObject !== stream) el.srcObject = stream;
    el.muted = !remote;
    el.play?.().catch(() => {});
    return true;
  }

  _status(state, peerKey) {
    if (state === 'answered') {
      if (this.incoming && !this._answering) {
        // Another connection of this user took the call.
        this._end('answered elsewhere', null);
        return;
      }
      if (this.state === 'answered') return;
      this.state = 'answered';
      this.answeredAt = Date.now();
      if (!this.incoming && this.key && !peerKey) this.key.passthrough = true; // the callee cannot encrypt
      const agreed = !this.incoming && this.key && peerKey
        ? this.key.agree(peerKey, this.id, true).then((code) => { this.safetyCode = code; })
        : Promise.resolve();
      agreed.then(() => {
        fire(this.callApi.listener, 'onStatus', this, 'answered', this.video);
        return this._subscribe();
      }).catch((e) => this._error(e));
      return;
    }
    this.state = state;
    fire(this.callApi.listener, 'onStatus', this, state, this.video);
  }

  _fire(name, ...args) { return fire(this.callApi.listener, name, ...args); }

  _fireStatus(status) {
    fire(this.callApi.listener, 'onStatus', this, status, this.video);
  }

  _end(reason, dto) {
    if (this._ended) return;
    this._ended = true;
    if (dto) this.info = dto;
    const state = dto?.state ?? 'hangup';
    if (!this.incoming && (state === 'busy' || state === 'unreachable')) fire(this.callApi.listener, 'onStatus', this, state, this.video);
    this.state = ENDED.has(state) ? state : 'hangup';
    this._reconnector.stop();
    this._close();
    fire(this.callApi.listener, 'onHangup', this, reason);
  }

  _error(e) {
    const m = /\[([a-z_]+)\]/.exec(e && e.message || '');
    if (m && e && !e.code) e.code = m[1];
    fire(this.callApi.listener, 'onError', this, e);
  }
}

addCallMedia(Call); // _publish, _subscribe, _renegotiate, _pcOf, _close: see call-media.js
