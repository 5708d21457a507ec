// Convene JS SDK — the client side of a Convene conference server.
// ES module; no build step. Vocabulary follows the conferencing spec:
//   const api = new Convene(url, token); await api.start();
//   const call = api.groupCall(gid); call.setListener({ onPublisher(p, joined) { ... } }); await call.join();
//   const me = call.publish(0); me.setVideoSource(STREAM_CAMERA); await me.call(true, true, listener);
//   p.call(true, true, listener); p.setVideoView('video-id', cb, 100, 50);

import { captureAudio, captureVideo, cameraConstraints, deviceOf, devicesOf, watchDevices } from './devices.js';

/** Video source: a camera. */
export const STREAM_CAMERA = 'camera';
/** Video source: a shared screen. */
export const STREAM_SCREEN = 'screen';

import { CallApi } from './call.js';
import { addModeration, moderatorMuted, resyncAccess, resyncHands, wireModeration } from './moderation.js';

const SIGNALR_PATH = '/lib/signalr/signalr.min.js';
// Simulcast layers when the room's call.simulcast is on: quarter, half and full size, lowest first (the relay reads
// the rids in this order). The caps keep the low layer cheap enough for narrow links (about 300 kbit/s with audio).
const SIMULCAST_ENCODINGS = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f' },
];
// One single-layer stream per rid (scalabilityMode L1T1): without it Chromium encodes VP9 and AV1 (call.codecs) as one
// SVC stream on the first rid only. A browser refusing the mode gets the encodings without it.
const addVideoTransceiver = (pc, track, init) => {
  try {
    return pc.addTransceiver(track, { ...init, sendEncodings: init.sendEncodings.map((e) => ({ ...e, scalabilityMode: 'L1T1' })) });
  } catch {
    return pc.addTransceiver(track, init);
  }
};

/** Loads the SignalR browser client once (it defines globalThis.signalR). */
async function loadSignalR(baseUrl) {
  if (globalThis.signalR) return globalThis.signalR;
  await new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = baseUrl + SIGNALR_PATH;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${script.src}`));
    document.head.appendChild(script);
  });
  return globalThis.signalR;
}

/** A stable 31-bit id for an address (the spec's participant getId()). */
function idOf(address) {
  let h = 0x811c9dc5;
  for (let i = 0; i < address.length; i++) {
    h ^= address.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h & 0x7fffffff;
}

function call(listener, name, ...args) {
  const fn = listener && listener[name];
  if (typeof fn !== 'function') return;
  try {
    fn.apply(listener, args);
  } catch (e) {
    console.error(`Convene: listener ${name} threw`, e);
  }
}

/**
 * The connection to a Convene server.
 * @param {string|string[]} url server base URL ('' for the page's origin), or several gateways of one cluster
 *   (an array or a comma-separated list): when the one in use is lost, the SDK moves to the next and restores
 *   its calls there (in production a load balancer in front of the gateways does the same)
 * @param {string} token the user's access token (from the app's server, created with useradd)
 */
export class Convene {
  constructor(url, token) {
    const urls = Array.isArray(url) ? url : String(url || '').split(',');
    this.urls = urls.map((u) => u.trim().replace(/\/$/, ''));
    if (this.urls.length === 0) this.urls = [''];
    this._urlIndex = 0;
    this.url = this.urls[0];
    this.token = token;
    this.listener = null;
    this.calls = new Map(); // gid -> GroupCall
    this.connection = null;
    this.address = null;
    this.status = 'offline';
    this._calls = new CallApi(this); // one-to-one calls (call.js)
  }

  /** One-to-one calls (call.js): the listener gets onIncoming, onShowUserInterface, onStatus, onMute, onHangup, onError, onNotify. */
  setCallListener(listener) { this._calls.setListener(listener); }
  /** The spec's CallProperties with their defaults. */
  createCallProperties(video) { return this._calls.createCallProperties(video); }
  /** Calls `address` (or `properties.user`); resolves with the Call. */
  call(address, properties) { return this._calls.call(address, properties); }
  /** The call in progress (ringing or answered), or null. */
  getActiveCall() { return this._calls.getActiveCall(); }
  /** Whether a call is in progress. */
  isCallInProgress() { return this._calls.isCallInProgress(); }

  /** @param {{onConnectionStatus?(status:string):void, onMessage?(m:object):void}} listener */
  setListener(listener) {
    this.listener = listener;
  }

  /** Connects; rejects if the token is refused. Reconnects by itself afterwards. */
  async start() {
    const connection = await this._connect();
    await connection.start();
    const me = await connection.invoke('Hello');
    this.address = me.address;
    this._setStatus('online');
    return me;
  }

  /** Disconnects and ends every call. */
  async stop() {
    this._stopping = true;
    for (const c of this.calls.values()) c._closeMedia('stopped');
    if (this.connection) await this.connection.stop();
    this._setStatus('offline');
  }

  /** The group call object for group `gid` (one per group). */
  groupCall(gid) {
    gid = Number(gid);
    let c = this.calls.get(gid);
    if (!c) {
      c = new GroupCall(this, gid);
      this.calls.set(gid, c);
    }
    return c;
  }

  /** Sends a one-to-one message; resolves with its id. */
  sendMessage(to, text) {
    return this.invoke('SendMessage', to, text);
  }

  /** Calls a hub method; errors carry the server's code in `e.code` when it sent one. */
  async invoke(method, ...args) {
    try {
      return await this.connection.invoke(method, ...args);
    } catch (e) {
      const match = /\[([a-z_]+)\]/.exec(e && e.message || '');
      if (match) e.code = match[1];
      throw e;
    }
  }

  _setStatus(status) {
    this.status = status;
    call(this.listener, 'onConnectionStatus', status);
  }

  _wireEvents(connection) {
    const forCall = (gid) => this.calls.get(Number(gid));
    connection.on('OnPublisher', (p, joined) => {
      const c = forCall(p.gid);
      c?._publisherEvents?.add(`${p.address}/${p.streamId}`); // a resync reading the publishers now keeps this (newer) state
      c?._onPublisher(p, joined);
    });
    connection.on('OnSubscriber', (s, joined) => {
      const c = forCall(s.gid);
      c?._subscriberEvents?.add(`${s.streamId}/${s.address}`); // a resync reading the subscribers now keeps this (newer) state
      c?._onSubscriber(s, joined);
    });
    connection.on('OnConnected', (p, connected) => forCall(p.gid)?._participantEvent(p, 'connected', connected));
    connection.on('OnMute', (p) => forCall(p.gid)?._participantEvent(p, 'mute'));
    connection.on('OnTalking', (p, talking) => forCall(p.gid)?._participantEvent(p, 'talking', talking));
    connection.on('OnHangup', (p, reason) => forCall(p.gid)?._participantEvent(p, 'hangup', reason));
    // Dynacast: subscribers take only the lowest `layers` simulcast layers of one of our streams.
    connection.on('OnLayers', (p, layers) => forCall(p.gid)?._find(p)?._setLayers(layers));
    // The room's live call restarted (its silo was lost or it moved): rejoin, republish, resubscribe.
    connection.on('OnMoved', (gid) => {
      const c = forCall(gid);
      if (c && c.joined) c._rejoinWithRetries();
    });
    // Some of the room's events were lost on the way to the gateway (it delivers them in the room's order and gives a
    // gap up after a short wait): re-read the publishers; the media connections are untouched.
    connection.on('OnResync', (gid) => forCall(gid)?._resync().catch((e) => console.warn('Convene: resync failed', e)));
    connection.on('OnCall', (e) => this._calls._onEvent(e));
    connection.on('OnMessage', (m) => {
      if (m.gid) forCall(m.gid)?._onMessage(m);
      else call(this.listener, 'onMessage', m);
    });
    wireModeration(connection, forCall);
  }

  async _restore() {
    this._setStatus('online');
    this._calls._connectionLost();
    for (const c of this.calls.values()) {
      if (c.joined) await c._rejoin().catch((e) => console.error('Convene: rejoin failed', e));
    }
    call(this.listener, 'onConnectionStatus', 'restored');
  }

  /** A new hub connection to the gateway in use (this.url). */
  async _connect() {
    const signalR = await loadSignalR(this.url);
    const several = this.urls.length > 1;
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(this.url + '/hub', { accessTokenFactory: () => this.token })
      // With several gateways, give up on this one after a few quick tries and move to the next (_onClosed).
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (ctx) =>
          several && ctx.previousRetryCount >= 2 ? null : Math.min(10000, 250 * 2 ** ctx.previousRetryCount),
      })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.connection = connection;
    this._wireEvents(connection);
    connection.onreconnecting(() => this._setStatus('reconnecting'));
    connection.onreconnected(() => this._restore());
    connection.onclose(() => {
      if (this.connection === connection) this._onClosed();
    });
    return connection;
  }

  _onClosed() {
    if (this._stopping) return;
    // Automatic reconnection gave up (the gateway is gone, or the server restarted for a long time): keep
    // trying, moving through the gateways when there are several.
    this._setStatus('reconnecting');
    const retry = async () => {
      this._urlIndex = (this._urlIndex + 1) % this.urls.length;
      this.url = this.urls[this._urlIndex];
      try {
        const connection = await this._connect();
        await connection.start();
        await this._restore();
      } catch {
        setTimeout(retry, this.urls.length > 1 ? 500 : 2000);
      }
    };
    setTimeout(retry, this.urls.length > 1 ? 0 : 1000);
  }
}

/** A group call: join, publish streams, subscribe to others, chat. */
export class GroupCall {
  constructor(api, gid) {
    this.api = api;
    this.gid = gid;
    this.listener = null;
    this.joined = false;
    this.info = null;
    this.local = new Map(); // streamId -> Participant (mine)
    this.remote = new Map(); // "address/streamId" -> Participant
  }

  /**
   * @param {{onPublisher?(p:Participant, joined:boolean):void, onSubscriber?(s:object, joined:boolean):void,
   *          onMessage?(m:object):void, onRestored?():void, onParticipants?(all:Participant[], latest:Participant[]):void,
   *          onAudioDeviceChanged?(active:object|null, inactive:object|null):void,
   *          onVideoSourceChanged?(p:Participant, source:string, index:number):void}} listener
   */
  setListener(listener) {
    this.listener = listener;
  }

  /** Joins the group call; resolves with the room info and current publishers. */
  async join() {
    const info = await this.api.invoke('JoinGroup', this.gid);
    this.info = info;
    this.joined = true;
    this._batch = [];
    try {
      for (const p of info.publishers || []) this._onPublisher(p, true);
    } finally {
      const latest = this._batch;
      this._batch = null;
      this._emitParticipants(latest);
    }
    for (const m of info.messages || []) this._onMessage(m);
    this._unwatchDevices ??= watchDevices(() => this._onDeviceChange().catch((e) => console.error('Convene: devicechange', e)));
    return info;
  }

  /** Leaves the call: stops publishing and subscriptions. */
  async leave() {
    this.joined = false;
    this._closeMedia('left');
    this._unwatchDevices?.();
    this._unwatchDevices = null;
    await this.api.invoke('LeaveGroup', this.gid);
  }

  /** The local publisher for stream `streamId` (0..255): camera 0, screens 1.. by convention. */
  publish(streamId) {
    streamId = Number(streamId);
    let p = this.local.get(streamId);
    if (!p) {
      p = new Participant(this, {
        gid: this.gid, address: this.api.address, name: '', streamId,
        source: streamId === 0 ? STREAM_CAMERA : STREAM_SCREEN, audio: true, video: true,
      }, true);
      this.local.set(streamId, p);
    }
    return p;
  }

  /** The publishers now in the call (needs the list permission). */
  async getPublishers() {
    const list = await this.api.invoke('ListPublishers', this.gid);
    return list.map((p) => this._remote(p));
  }

  /** Sends a group message; resolves with its id. */
  sendMessage(text, type) {
    return this.api.invoke('SendGroupMessage', this.gid, text, type ?? null);
  }

  /** Stored messages, newest first. */
  history(beforeId, count) {
    return this.api.invoke('GetHistory', this.gid, beforeId ?? null, count ?? 50);
  }

  _remote(info) {
    const key = `${info.address}/${info.streamId}`;
    let p = this.remote.get(key);
    if (!p) {
      p = new Participant(this, info, false);
      this.remote.set(key, p);
    } else {
      p._update(info);
    }
    return p;
  }

  _find(info) {
    if (info.address === this.api.address && this.local.has(info.streamId)) return this.local.get(info.streamId);
    return this.remote.get(`${info.address}/${info.streamId}`);
  }

  _onPublisher(info, joined) {
    if (info.address === this.api.address && this.local.has(info.streamId)) return;
    const known = this.remote.get(`${info.address}/${info.streamId}`);
    if (joined && known && known.info.source !== info.source && known.info.audio === info.audio && known.info.video === info.video) {
      // The publisher switched camera/screen on the same media connection (setVideoSource mid-call): nothing to redo.
      known._update(info);
      call(known.listener, 'onVideoSourceChanged', known, info.source, 0);
      call(this.listener, 'onVideoSourceChanged', known, info.source, 0);
      return;
    }
    const p = this._remote(info);
    if (!joined) {
      p._closeMedia();
      this.remote.delete(`${info.address}/${info.streamId}`);
    }
    call(this.listener, 'onPublisher', p, joined);
    if (this._batch) {
      if (joined) this._batch.push(p);
    } else if (!joined || !known) {
      this._emitParticipants(joined ? [p] : []);
    }
  }

  /** The spec's participants listener: every remote stream now in the call, and those that just joined. */
  _emitParticipants(latest) {
    call(this.listener, 'onParticipants', [...this.remote.values()], latest);
  }

  /** A device was plugged in or out: a local publication whose microphone went away moves to the first one. */
  async _onDeviceChange() {
    const mics = await devicesOf('audioinput');
    const ids = new Set(mics.map((d) => d.deviceId));
    let reported = false;
    for (const p of this.local.values()) {
      const track = p.stream?.getAudioTracks()[0];
      if (!track) continue;
      const before = deviceOf(track);
      if (before.deviceId && !ids.has(before.deviceId) && mics.length > 0) {
        await p.setAudioDevice(0);
      } else {
        call(this.listener, 'onAudioDeviceChanged', before, null);
      }
      reported = true;
    }
    if (!reported) call(this.listener, 'onAudioDeviceChanged', mics[0] ? { deviceId: mics[0].deviceId, label: mics[0].label, kind: 'audioinput' } : null, null);
  }

  _onSubscriber(info, joined) {
    const p = this.local.get(info.streamId);
    if (p && joined) p._subscribers.set(info.address, info);
    else if (p) p._subscribers.delete(info.address);
    call(this.listener, 'onSubscriber', info, joined);
  }

  _participantEvent(info, kind, value) {
    const p = this._find(info);
    if (!p) return;
    p._events++;
    p._update(info);
    if (kind === 'connected') p._reportConnected(value);
    else if (kind === 'mute') call(p.listener, 'onMute', p, p.getMuteStatus(false), p.getMuteStatus(true), true);
    else if (kind === 'talking') call(p.listener, 'onTalking', p, value);
    else if (kind === 'hangup') {
      p._closeMedia();
      call(p.listener, 'onHangup', p, value);
    }
  }

  _onMessage(m) {
    call(this.listener, 'onMessage', m);
  }

  async _rejoin() {
    const info = await this.api.invoke('JoinGroup', this.gid);
    this.info = info;
    const live = new Set((info.publishers || []).map((p) => `${p.address}/${p.streamId}`));
    for (const [key, p] of this.remote) {
      if (!live.has(key)) this._onPublisher(p.info, false);
    }
    for (const p of info.publishers || []) {
      const known = this.remote.has(`${p.address}/${p.streamId}`);
      if (!known) this._onPublisher(p, true);
    }
    for (const p of [...this.local.values(), ...this.remote.values()]) p._connected = false; // new media connections
    for (const p of this.local.values()) if (p.active) await p._republish();
    for (const p of this.remote.values()) if (p.active) await p._resubscribe();
    call(this.listener, 'onRestored');
  }

  /**
   * The gateway gave up waiting for some of the room's events (OnResync): re-read what the client knows only from
   * events and reconcile, calling the listeners the live events would have (only for real changes):
   * - the publishers (ListPublishers): those we missed appear, those that left go, missed source, mute and talking
   *   changes are applied (onVideoSourceChanged / onMute / onTalking); for your own streams, a moderator's mute you
   *   missed (onMute(…, true) and the group's onModeratorMute(p, null));
   * - the raised hands (GetRaisedHands, onRaiseHand);
   * - who subscribes to each of your streams (ListSubscribers, onSubscriber: joined, left, or joined again with other
   *   media);
   * - what you may do (GetAccess, onMemberChanged), first: if the room no longer has you in the call (its OnCallEnded
   *   was lost) the call ends here (onCallEnded(reason, null)) and nothing else is read.
   * A stream, subscriber or hand that had an event while the state was read keeps the event's state (events after the gap come in
   * the room's order, so it is the newer one). Without the list permission the publishers and hands are not re-read:
   * such a member gets no publisher or hand events either.
   */
  async _resync() {
    if (!this.joined) return;
    if (!(await resyncAccess(this))) return;
    await Promise.all([this._resyncPublishers(), resyncHands(this), this._resyncSubscribers()]);
  }

  async _resyncSubscribers() {
    const touched = new Set();
    this._subscriberEvents = touched;
    try {
      await Promise.all([...this.local.values()].filter((p) => p.active).map(async (p) => {
        const id = p.info.streamId;
        let list;
        try {
          list = await this.api.invoke('ListSubscribers', this.gid, id);
        } catch (e) {
          if (e.code === 'not_found') return; // not published (yet, or any more): nothing to compare
          throw e;
        }
        if (!p.active || !this.joined) return;
        const now = new Map(list.map((s) => [s.address, s]));
        for (const [address, s] of [...p._subscribers]) {
          if (!now.has(address) && !touched.has(`${id}/${address}`)) this._onSubscriber(s, false);
        }
        for (const [address, s] of now) {
          const known = p._subscribers.get(address);
          if (touched.has(`${id}/${address}`) || (known && known.audio === s.audio && known.video === s.video)) continue;
          this._onSubscriber(s, true);
        }
      }));
    } finally {
      if (this._subscriberEvents === touched) this._subscriberEvents = null;
    }
  }

  async _resyncPublishers() {
    const mine = [...this.local.values()];
    const seen = new Map([...this.local.values(), ...this.remote.values()].map((p) => [p, p._events]));
    const muteOps = new Map(mine.map((p) => [p, p._muteOps]));
    const touched = new Set();
    this._publisherEvents = touched;
    let list;
    try {
      list = await this.api.invoke('ListPublishers', this.gid);
    } catch (e) {
      if (e.code === 'forbidden') return;
      throw e;
    } finally {
      if (this._publisherEvents === touched) this._publisherEvents = null;
    }
    if (!this.joined) return;
    // A stream that had an event during the read (or is new since) keeps the event's state: it is the newer one.
    const changed = (key, p) => touched.has(key) || (p && seen.get(p) !== p._events);
    const live = new Set(list.map((p) => `${p.address}/${p.streamId}`));
    for (const [key, p] of [...this.remote]) {
      if (!live.has(key) && !changed(key, p)) this._onPublisher(p.info, false);
    }
    for (const info of list) {
      const known = this._find(info);
      if (changed(`${info.address}/${info.streamId}`, known)) continue;
      if (!known || (!known.me && known.info.source !== info.source)) {
        this._onPublisher(info, true);
        continue;
      }
      if (known.me) {
        // Your own stream: its state is yours, but a moderator's mute can have been lost — unless a SetMute of yours
        // was under way meanwhile (the list may predate it).
        const missed = (info.audioMuted && !known.info.audioMuted) || (info.videoMuted && !known.info.videoMuted);
        if (missed && known.active && !known._mutePending && muteOps.get(known) === known._muteOps) moderatorMuted(this, known, info, null);
        continue;
      }
      const before = { ...known.getMuteStatus(), talking: known.isTalking() };
      known._update(info);
      const after = known.getMuteStatus();
      if (before.audio !== after.audio || before.video !== after.video) {
        call(known.listener, 'onMute', known, after.audio, after.video, true);
      }
      if (before.talking !== known.isTalking()) call(known.listener, 'onTalking', known, known.isTalking());
    }
  }

  /** Rejoins after the room moved, trying again for a while: the first calls may reach the silo that is going away. */
  async _rejoinWithRetries() {
    if (this._rejoining) return;
    this._rejoining = true;
    try {
      for (const delay of [0, 500, 1000, 2000, 4000, 8000]) {
        if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
        if (!this.joined) return;
        try {
          await this._rejoin();
          return;
        } catch (e) {
          console.warn('Convene: rejoin after the room moved failed; trying again', e);
        }
      }
      console.error('Convene: could not rejoin after the room moved');
    } finally {
      this._rejoining = false;
    }
  }

  _closeMedia(reason) {
    for (const p of this.local.values()) p._closeMedia(reason);
    for (const p of this.remote.values()) p._closeMedia(reason);
  }
}

addModeration(GroupCall); // muteParticipant, muteAllButMe, removeFromCall, endCall, raiseHand, members: see moderation.js

/** One stream in a group call: a local publisher (isMe) or a remote publisher's stream. */
export class Participant {
  constructor(groupCall, info, isMe) {
    this.groupCall = groupCall;
    this.info = { audioMuted: false, videoMuted: false, talking: false, ...info };
    this.me = isMe;
    this.listener = null;
    this.active = false;
    this.pc = null;
    this.stream = null;
    this.wantAudio = true;
    this.wantVideo = true;
    this.videoIndex = 0;
    this._localMute = { audio: false, video: false }; // a viewed stream muted here (not received)
    this._connected = false; // onConnected(true) reported for the current media connection
    this._subscribers = new Map(); // own streams: who subscribes (address -> { address, streamId, audio, video })
    this._events = 0; // the room's events for this stream so far (a resync keeps what an event set during its read)
    this._muteOps = 0; // own streams: SetMute calls started, and those not answered yet (the room's state may predate them)
    this._mutePending = 0;
    this._given = null; // a MediaStream the app gave (setMediaStream): published as clones, never stopped
    this.quality = 'auto'; // remote streams: the simulcast layer asked for (setQuality)
    this.viewHeight = 0; // remote streams: the height of the <video> showing it (setVideoView follows it)
  }

  getName() { return this.info.name; }
  getAddress() { return this.info.address; }
  /** The publisher's stream id. */
  getType() { return this.info.streamId; }
  /** A number identifying the publishing user (same for all their streams). */
  getId() { return idOf(this.info.address); }
  isMe() { return this.me; }
  isTalking() { return !!this.info.talking; }
  /**
   * The spec's getMuteStatus(video): whether this stream's video (true) or audio (false) is muted — by its publisher,
   * or, for a stream you view, locally by you (toggleAudioMute/toggleVideoMute). Without an argument: `{ audio, video }`.
   */
  getMuteStatus(video) {
    const audioMuted = !!this.info.audioMuted || this._localMute.audio;
    const videoMuted = !!this.info.videoMuted || this._localMute.video;
    if (video === undefined) return { audio: audioMuted, video: videoMuted };
    return video ? videoMuted : audioMuted;
  }
  /** Own streams: who subscribes now, as OnSubscriber told (and a resync re-read): `[{ address, streamId, audio, video }]`. */
  getSubscribers() { return [...this._subscribers.values()]; }
  /** The MediaStream being sent or received, once there is one. */
  getStream() { return this.stream; }

  /**
   * Local publishers: STREAM_CAMERA (camera number `index`, 0 = the first) or STREAM_SCREEN. Before call() it
   * chooses what call() captures; during the call it switches the video on the same connection (replaceTrack, no
   * renegotiation), tells the subscribers (their onVideoSourceChanged) and resolves when done.
   */
  setVideoSource(source, index) {
    if (!this.me) throw new Error('setVideoSource is for your own streams');
    if (source !== STREAM_CAMERA && source !== STREAM_SCREEN) throw new Error(`unknown video source ${source}`);
    index = Number(index) || 0;
    const previous = { source: this.info.source, index: this.videoIndex };
    this.info.source = source;
    this.videoIndex = index;
    if ((source === previous.source && index === previous.index) || !this.active || !this.stream) return Promise.resolve(this);
    return this._switchVideo(previous);
  }

  /**
   * Local publishers: publish `stream` (e.g. another publication's getStream(), to send one camera into several
   * groups) instead of capturing. The SDK sends clones of its tracks and never stops the tracks it was given.
   */
  setMediaStream(stream) {
    if (!this.me) throw new Error('setMediaStream is for your own streams');
    this._given = stream || null;
  }

  /**
   * Local publishers: caps the video you send at `height` lines (e.g. 360; 0 = as high as you may), never above what
   * the room and your member settings allow (`GroupCall.info.maxHeight`): a taller choice is refused. Before call()
   * it shapes what call() captures; during the call it applies at once, on the same connection.
   */
  async setResolution(height) {
    if (!this.me) throw new Error('setResolution is for your own streams');
    height = Number(height) || 0;
    if (height < 0) throw new Error('height must not be negative');
    const limit = this.groupCall.info?.maxHeight || 0;
    if (limit && height > limit) throw new Error(`${height} lines is above your limit of ${limit}`);
    this.resolution = height;
    await this._applyResolution();
  }

  /** The chosen resolution (setResolution), or the limit, on the video track being sent. */
  async _applyResolution() {
    const height = this.resolution || this.groupCall.info?.maxHeight || 0;
    const track = this.stream?.getVideoTracks()[0];
    if (!track || !height) return;
    await track.applyConstraints({ height: { max: height }, width: { max: Math.round((height * 16) / 9) } }).catch(() => {});
  }

  /** Local publishers: sends microphone number `index` (0 = the first) from now on, on the same connection. */
  async setAudioDevice(index) {
    if (!this.me) throw new Error('setAudioDevice is for your own streams');
    const old = this.stream?.getAudioTracks()[0];
    if (!old) throw new Error('this stream sends no audio');
    const track = await captureAudio(Number(index) || 0);
    track.enabled = !this.info.audioMuted;
    await this._replaceTrack(old, track);
    call(this.groupCall.listener, 'onAudioDeviceChanged', deviceOf(track), deviceOf(old));
    return this;
  }

  /** Local publishers: the stream's display name. */
  setName(name) {
    this.info.name = String(name);
  }

  /**
   * Publishes (own stream) or subscribes (remote stream) with audio and/or video.
   * @param {boolean} audio
   * @param {boolean} video
   * @param {{onConnected?(p,c):void,onMute?(p,a,v):void,onTalking?(p,t):void,onHangup?(p,r):void,onVideo?(p):void,onAudio?(p):void}} listener
   */
  async call(audio, video, listener) {
    this.listener = listener || this.listener;
    this.wantAudio = !!audio;
    this.wantVideo = !!video;
    this.active = true;
    if (this.me) await this._republish();
    else await this._resubscribe();
    return this;
  }

  /** Ends this stream: stops publishing it, or unsubscribes from it. */
  async hangup() {
    this.active = false;
    this._closeMedia();
    const gc = this.groupCall;
    if (this.me) await gc.api.invoke('Unpublish', gc.gid, this.info.streamId);
    else await gc.api.invoke('Unsubscribe', gc.gid, this.info.address, this.info.streamId);
  }

  /**
   * Own stream: mutes or unmutes the audio you send (subscribers get onMute). A stream you view: stops or resumes
   * receiving its audio, for you only. Resolves with the new mute status `{ audio, video }`.
   */
  toggleAudioMute() {
    if (!this.me) return this._setLocalMute(!this._localMute.audio, this._localMute.video);
    return this._setMute(!this.info.audioMuted, !!this.info.videoMuted).then((s) => this._mutedHere(s));
  }

  /** Like toggleAudioMute, for video. */
  toggleVideoMute() {
    if (!this.me) return this._setLocalMute(this._localMute.audio, !this._localMute.video);
    return this._setMute(!!this.info.audioMuted, !this.info.videoMuted).then((s) => this._mutedHere(s));
  }

  /**
   * Remote streams: which simulcast layer to receive — 'auto' (default: as the element's size, the publisher's
   * limits and your bandwidth allow), 'low', 'medium' or 'high' (the highest layer forwarded). Kept across
   * resubscriptions. Streams published without simulcast ignore it.
   */
  async setQuality(quality) {
    if (this.me) throw new Error('setQuality is for streams you receive');
    if (!['auto', 'low', 'medium', 'high'].includes(quality)) throw new Error(`unknown quality ${quality}`);
    this.quality = quality;
    if (this.active) await this._sendQuality();
  }

  /** Own simulcast streams: sends only the lowest `layers` encodings (the relay says what subscribers take). */
  async _setLayers(layers) {
    this.layers = layers;
    const sender = this.pc?.getSenders().find((x) => x.track?.kind === 'video');
    const parameters = sender?.getParameters();
    if (!parameters?.encodings || parameters.encodings.length < 2) return;
    let changed = false;
    parameters.encodings.forEach((e, i) => {
      const active = i < Math.max(1, layers);
      if (e.active !== active) { e.active = active; changed = true; }
    });
    if (changed) await sender.setParameters(parameters).catch(() => {});
  }

  _sendQuality() {
    const gc = this.groupCall;
    return gc.api.invoke('SetQuality', gc.gid, this.info.address, this.info.streamId, this.quality, this.viewHeight);
  }

  /** Remote streams: follows the element's displayed height, so the relay forwards no layer taller than needed. */
  _followSize(el) {
    if (this.me || typeof ResizeObserver === 'undefined' || this._resize?.el === el) return;
    this._resize?.observer.disconnect();
    const update = () => {
      // An element sized by its video (no CSS size) shows the decoded height: following it would pin the layer.
      const intrinsic = el.videoHeight > 0 && Math.abs(el.clientHeight - el.videoHeight) <= 1;
      const height = intrinsic ? 0 : Math.min(4320, Math.round(el.clientHeight * (globalThis.devicePixelRatio || 1)));
      if (height === this.viewHeight || (height === 0 && !this.viewHeight)) return;
      this.viewHeight = height;
      if (this.active) this._sendQuality().catch(() => {});
    };
    const observer = new ResizeObserver(() => {
      clearTimeout(this._resize?.timer);
      this._resize.timer = setTimeout(update, 300); // one call per resize gesture
    });
    this._resize = { el, observer, timer: null };
    observer.observe(el);
  }

  /**
   * Shows the stream in the <video> element `elementId`, retrying every `retryMs` up to `maxRetries`
   * times while the element does not exist yet; `cb(true|false)` says whether it worked.
   */
  setVideoView(elementId, cb, retryMs = 100, maxRetries = 50) {
    let tries = 0;
    const attempt = () => {
      const el = document.getElementById(elementId);
      if (el && this.stream) {
        if (el.srcObject !== this.stream) el.srcObject = this.stream;
        el.muted = this.me || el.muted;
        el.play?.().catch(() => {});
        this._followSize(el);
        cb?.(true);
        return;
      }
      if (++tries > maxRetries) {
        cb?.(false);
        return;
      }
      setTimeout(attempt, retryMs);
    };
    attempt();
  }

  async _setMute(audioMuted, videoMuted) {
    if (!this.me) throw new Error('only your own streams can be muted');
    if (this.stream) {
      for (const t of this.stream.getAudioTracks()) t.enabled = !audioMuted;
      for (const t of this.stream.getVideoTracks()) t.enabled = !videoMuted;
    }
    this.info.audioMuted = audioMuted;
    this.info.videoMuted = videoMuted;
    const gc = this.groupCall;
    if (this.active) {
      this._muteOps++;
      this._mutePending++;
      try {
        await gc.api.invoke('SetMute', gc.gid, this.info.streamId, audioMuted, videoMuted);
      } finally {
        this._mutePending--;
      }
    }
    return this.getMuteStatus();
  }

  async _capture() {
    if (this.stream) return this.stream;
    if (this._given) {
      const kinds = (t) => (t.kind === 'audio' && this.wantAudio) || (t.kind === 'video' && this.wantVideo);
      this.stream = new MediaStream(this._given.getTracks().filter(kinds).map((t) => t.clone()));
      const room = this.groupCall.info || {};
      for (const t of room.maxWidth ? this.stream.getVideoTracks() : []) {
        await t.applyConstraints({ width: { max: room.maxWidth }, height: { max: room.maxHeight } }).catch(() => {});
      }
      return this.stream;
    }
    // The room's resolution (call settings) caps what we capture: the relay forwards, it never rescales.
    const room = this.groupCall.info || {};
    const video = this.wantVideo && room.maxWidth
      ? { width: { max: room.maxWidth }, height: { max: room.maxHeight } }
      : this.wantVideo;
    if (this.info.source === STREAM_SCREEN) {
      this.stream = await navigator.mediaDevices.getDisplayMedia({ video, audio: this.wantAudio });
    } else {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio: this.wantAudio, video: await cameraConstraints(video, this.videoIndex) });
    }
    return this.stream;
  }

  async _republish() {
    const gc = this.groupCall;
    const request = {
      streamId: this.info.streamId, source: this.info.source, name: this.info.name || this.info.address,
      audio: this.wantAudio, video: this.wantVideo, sdp: null,
    };
    const media = typeof RTCPeerConnection !== 'undefined' && navigator.mediaDevices;
    let pc = null;
    if (media) {
      const stream = await this._capture();
      await this._applyResolution();
      this._closePeer();
      pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      for (const track of stream.getTracks()) {
        if ((track.kind === 'audio' && this.wantAudio) || (track.kind === 'video' && this.wantVideo)) {
          const init = { direction: 'sendonly', streams: [stream] };
          // Room call.simulcast: three layers, lowest first as the relay expects (it picks one per subscriber).
          if (track.kind === 'video' && gc.info?.simulcast) {
            init.sendEncodings = SIMULCAST_ENCODINGS.map((e) => ({ ...e }));
            addVideoTransceiver(pc, track, init);
          } else {
            pc.addTransceiver(track, init);
          }
        }
      }
      this._watch(pc);
      await pc.setLocalDescription(await pc.createOffer());
      request.sdp = pc.localDescription.sdp;
    }
    const answer = await gc.api.invoke('Publish', gc.gid, request);
    if (pc && answer && answer.sdp) await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    this.pc = pc;
    if (this.info.audioMuted || this.info.videoMuted) await this._setMute(this.info.audioMuted, this.info.videoMuted);
  }

  async _resubscribe() {
    const gc = this.groupCall;
    // What is muted here is not received at all (the spec's local mute).
    const audio = this.wantAudio && !this._localMute.audio;
    const video = this.wantVideo && !this._localMute.video;
    if (!audio && !video) {
      this._closePeer();
      await gc.api.invoke('Unsubscribe', gc.gid, this.info.address, this.info.streamId);
      return;
    }
    const request = { publisher: this.info.address, streamId: this.info.streamId, audio, video, sdp: null };
    let pc = null;
    if (typeof RTCPeerConnection !== 'undefined') {
      this._closePeer();
      pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      if (audio) pc.addTransceiver('audio', { direction: 'recvonly' });
      if (video) pc.addTransceiver('video', { direction: 'recvonly' });
      this.stream = new MediaStream();
      pc.ontrack = (e) => {
        this.stream.addTrack(e.track);
        call(this.listener, e.track.kind === 'video' ? 'onVideo' : 'onAudio', this);
      };
      this._watch(pc);
      await pc.setLocalDescription(await pc.createOffer());
      request.sdp = pc.localDescription.sdp;
    }
    const answer = await gc.api.invoke('Subscribe', gc.gid, request);
    if (pc && answer && answer.sdp) await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    this.pc = pc;
    if (this.quality !== 'auto' || this.viewHeight) await this._sendQuality();
  }

  _watch(pc) {
    pc.onconnectionstatechange = () => {
      if (pc !== this.pc) return;
      if (pc.connectionState === 'connected') this._reportConnected(true);
      if (pc.connectionState === 'failed') this._reportConnected(false);
    };
  }

  _update(info) {
    // The room's events arrive in the room's order (the gateway reorders the room's one-way calls), so for others'
    // streams the latest event is the latest state. Your own stream's source and mute flags are decided here
    // (setVideoSource, toggleAudioMute/toggleVideoMute), and an event the room sent before it had the change (e.g.
    // OnConnected) can still arrive after the hub's answer to it (the answer and the events travel apart): the source
    // and mute flags set here stay. The room changes them only by a moderator's mute (OnModeratorMute, or a resync).
    const { source, audioMuted, videoMuted } = this.info;
    Object.assign(this.info, info);
    if (this.me) {
      if (source) this.info.source = source;
      this.info.audioMuted = audioMuted;
      this.info.videoMuted = videoMuted;
    }
  }

  /** onConnected once per media connection: the relay's event and the peer connection's state both report it. */
  _reportConnected(connected) {
    if (!!connected === this._connected) return;
    this._connected = !!connected;
    call(this.listener, 'onConnected', this, !!connected);
  }

  _mutedHere(status) {
    call(this.listener, 'onMute', this, status.audio, status.video, false);
    return status;
  }

  async _setLocalMute(audio, video) {
    this._localMute = { audio, video };
    if (this.active) await this._resubscribe();
    return this._mutedHere(this.getMuteStatus());
  }

  async _replaceTrack(old, track) {
    const sender = this.pc?.getSenders().find((s) => s.track === old)
      ?? this.pc?.getTransceivers().find((t) => t.receiver.track.kind === track.kind)?.sender;
    if (this.pc && !sender) throw new Error(`this stream sends no ${track.kind}`);
    if (sender) await sender.replaceTrack(track);
    this.stream.removeTrack(old);
    this.stream.addTrack(track);
    old.stop();
  }

  /** Mid-call source switch; on failure (no such camera, screen refused by the room) nothing changed. */
  async _switchVideo(previous) {
    const old = this.stream.getVideoTracks()[0];
    const gc = this.groupCall;
    // The target, taken now: an event for this stream (e.g. OnConnected) may update this.info while we capture.
    const target = { source: this.info.source, index: this.videoIndex };
    let track = null;
    try {
      if (!old) throw new Error('this stream sends no video');
      const room = gc.info || {};
      const video = room.maxWidth ? { width: { max: room.maxWidth }, height: { max: room.maxHeight } } : true;
      track = await captureVideo(target.source, target.index, video);
      // Camera ↔ screen: signalling only (no SDP), the room checks and records the new source and tells the subscribers.
      if (target.source !== previous.source) {
        await gc.api.invoke('Publish', gc.gid, {
          streamId: this.info.streamId, source: target.source, name: this.info.name || this.info.address,
          audio: this.wantAudio, video: this.wantVideo, sdp: null,
        });
      }
    } catch (e) {
      track?.stop();
      this.info.source = previous.source;
      this.videoIndex = previous.index;
      throw e;
    }
    this.info.source = target.source;
    this.videoIndex = target.index;
    track.enabled = !this.info.videoMuted;
    await this._replaceTrack(old, track);
    call(this.listener, 'onVideoSourceChanged', this, this.info.source, this.videoIndex);
    return this;
  }

  _closePeer() {
    if (this.pc) {
      this.pc.close();
      this.pc = null;
    }
  }

  _closeMedia() {
    this._closePeer();
    this._connected = false;
    if (this.me) this._subscribers.clear(); // the stream ended: its subscriptions with it
    if (this.me && this.stream) {
      for (const t of this.stream.getTracks()) t.stop();
      this.stream = null;
    }
  }
}
