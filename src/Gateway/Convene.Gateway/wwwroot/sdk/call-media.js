// The media connections of a one-to-one call (Convene JS SDK; mixed into Call by call.js): the publish connection
// (own camera and microphone, sendonly) and the subscribe connection (the peer's stream, recvonly), each offered
// through the hub, and their renewal by the reconnector (call-reconnect.js).
import { E2EE_SUPPORTED, encryptSender, decryptReceiver } from './e2ee.js';

/** Adds the media methods to `Call`'s prototype. */
export function addCallMedia(Call) {
  for (const name of Object.getOwnPropertyNames(CallMedia.prototype)) {
    if (name !== 'constructor') Call.prototype[name] = CallMedia.prototype[name];
  }
}

class CallMedia {
  /** The current connection of `role` ('publish' or 'subscribe'). */
  _pcOf(role) { return role === 'publish' ? this._pubPc : this._subPc; }

  /** Replaces the connection of `role` with a new one offered through the hub; resolves with it (null: none made). */
  async _renegotiate(role) {
    if (this._ended) return null;
    this._pcOf(role)?.close();
    if (role === 'publish') {
      this._pubPc = null;
      await this._publish();
    } else {
      this._subPc = null;
      await this._subscribe();
    }
    return this._pcOf(role);
  }

  _peerConnection() {
    const e2ee = !!this.properties.e2ee && E2EE_SUPPORTED && (this.key !== null || !this.incoming);
    return new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', encodedInsertableStreams: e2ee });
  }

  async _publish() {
    if (this._pubPc || this.isEnded() || typeof RTCPeerConnection === 'undefined') return;
    const p = this.properties;
    if (!this.localStream) {
      const sendVideo = this.video && p.video !== false;
      const video = sendVideo && (p.width || p.height)
        ? { width: p.width ? { max: p.width } : undefined, height: p.height ? { max: p.height } : undefined }
        : sendVideo;
      this.localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
      if (this._pubPc || this.isEnded()) return;
    }
    const pc = this._peerConnection();
    this._pubPc = pc;
    this._reconnector.watch(pc, 'publish');
    const encrypted = pc.getConfiguration().encodedInsertableStreams;
    for (const track of this.localStream.getTracks()) {
      const t = pc.addTransceiver(track, { direction: 'sendonly', streams: [this.localStream] });
      if (track.kind === 'video') preferVp8(t);
      if (encrypted) encryptSender(t.sender, this.key);
    }
    await pc.setLocalDescription(await pc.createOffer());
    const answer = await this.api.invoke('PublishCall', this.id, pc.localDescription.sdp);
    if (this._pubPc !== pc) return;
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    if (p.maxBitrate > 0) {
      for (const s of pc.getSenders()) {
        if (s.track?.kind !== 'video') continue;
        const params = s.getParameters();
        if (!params.encodings?.length) params.encodings = [{}];
        params.encodings[0].maxBitrate = p.maxBitrate * 1000;
        await s.setParameters(params).catch(() => {});
      }
    }
    if (this.muted.audio || this.muted.video) await this.mute(this.muted.audio, this.muted.video);
  }

  async _subscribe() {
    if (this._subPc || !this._peerPublished || this.state !== 'answered' || typeof RTCPeerConnection === 'undefined') return;
    if (this.key && !this.key.key && !this.key.passthrough) return; // the key is agreed first; _status subscribes again when it is
    const pc = this._peerConnection();
    this._subPc = pc;
    this._reconnector.watch(pc, 'subscribe');
    const encrypted = pc.getConfiguration().encodedInsertableStreams;
    pc.addTransceiver('audio', { direction: 'recvonly' });
    if (this.video) preferVp8(pc.addTransceiver('video', { direction: 'recvonly' }));
    // A renewed connection keeps the stream the page shows: its old tracks make way for the new ones.
    this.remoteStream ??= new MediaStream();
    pc.ontrack = (e) => {
      if (this._subPc !== pc) return;
      if (encrypted) decryptReceiver(e.receiver, this.key);
      for (const old of this.remoteStream.getTracks()) {
        if (old.kind === e.track.kind) this.remoteStream.removeTrack(old);
      }
      this.remoteStream.addTrack(e.track);
      this._fire(e.track.kind === 'video' ? 'onVideo' : 'onAudio', this);
    };
    await pc.setLocalDescription(await pc.createOffer());
    const answer = await this.api.invoke('SubscribeCall', this.id, true, this.video, pc.localDescription.sdp);
    if (this._subPc !== pc) return;
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  _close() {
    for (const pc of [this._pubPc, this._subPc]) pc?.close();
    this._pubPc = null;
    this._subPc = null;
    for (const t of this.localStream?.getTracks() || []) t.stop();
  }
}

/** VP8 first: the frame layout of e2ee.js (clear bytes) is VP8's. */
function preferVp8(transceiver) {
  const caps = RTCRtpReceiver.getCapabilities?.('video');
  if (!caps || !transceiver.setCodecPreferences) return;
  const vp8 = caps.codecs.filter((c) => /vp8/i.test(c.mimeType));
  const rest = caps.codecs.filter((c) => !/vp8/i.test(c.mimeType) && /rtx|red|ulpfec/i.test(c.mimeType) === false);
  try { transceiver.setCodecPreferences([...vp8, ...rest]); } catch { /* keep the browser's order */ }
}
