// Reconnection of an answered one-to-one call's media (Convene JS SDK; used by call.js).
//
// The relay is ICE-lite and does not do ICE restarts on an existing peer, so reconnecting is: close the broken
// RTCPeerConnection, make a new one and offer it again through the hub (PublishCall / SubscribeCall) for the same
// call, with the same local tracks and the same end-to-end key (the key belongs to the call, not to the connection).
// The server gives a party whose media went down `Convene:Calls:MediaLossGrace` (10 s by default) to connect a new
// peer; after that it ends the call as `medialost` and the SDK ends it as usual (onHangup).
//
// When: a peer connection of an answered call that goes `failed`, or stays `disconnected` for DISCONNECTED_MS.
// Chromium reports `disconnected` after a few seconds without a packet on the selected pair, and `failed` much later
// or, with an ICE-lite peer that never restarts, not at all: waiting for `failed` would let the server's grace run
// out. A shorter blip (a Wi-Fi hand-over) recovers on the same connection within DISCONNECTED_MS and costs nothing.
// Each attempt has ATTEMPT_MS to reach `connected`; then the next one follows after a back-off (BACKOFF_MS, then its
// last value again) until one connects, the server ends the call or the user hangs up.
// The listener hears onStatus(call, 'reconnecting') once when the first connection starts reconnecting and
// onStatus(call, 'reconnected') when every connection that was reconnecting connected again; call.state stays
// 'answered' meanwhile (call.isReconnecting() tells).

export const DISCONNECTED_MS = 2000;
export const ATTEMPT_MS = 5000;
export const BACKOFF_MS = [500, 1000, 2000, 4000];

/** Watches the peer connections of one call and renews the ones that broke. */
export class CallReconnector {
  /**
   * @param call the Call: `_ended`, `state`, `_pcOf(role)`, `_renegotiate(role)` (closes the role's connection, opens and
   *   offers a new one, resolves with it), `_fireStatus(status)`
   */
  constructor(call) {
    this.call = call;
    this.retrying = new Set(); // roles ('publish', 'subscribe') in a retry loop
    this.timers = new Map(); // role -> the disconnected timer
    this.reported = false; // 'reconnecting' was reported and 'reconnected' not yet
    // Resolves (null) when the call ends: a negotiation on a connection closed meanwhile never settles (WebRTC's
    // operations chain is abandoned on close), so the loop races its negotiations against this.
    this.stopped = new Promise((resolve) => { this._resolveStopped = resolve; });
  }

  get reconnecting() { return this.retrying.size > 0; }

  /** Watches `pc`, the call's connection for `role`. */
  watch(pc, role) {
    pc.addEventListener('connectionstatechange', () => this._changed(pc, role));
  }

  /** The call ended: no more timers (a loop in flight sees `call._ended` and stops). */
  stop() {
    this._resolveStopped(null);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  _changed(pc, role) {
    const call = this.call;
    if (call._ended || call._pcOf(role) !== pc || this.retrying.has(role)) return; // the loop judges its own attempts
    clearTimeout(this.timers.get(role));
    this.timers.delete(role);
    const state = pc.connectionState;
    if (state === 'failed') this.reconnect(role);
    else if (state === 'disconnected') {
      this.timers.set(role, setTimeout(() => {
        this.timers.delete(role);
        if (pc.connectionState === 'disconnected' && call._pcOf(role) === pc) this.reconnect(role);
      }, DISCONNECTED_MS));
    }
  }

  /** Renews the connection of `role` until one connects or the call ends. */
  async reconnect(role) {
    const call = this.call;
    if (call._ended || call.state !== 'answered' || this.retrying.has(role)) return;
    this.retrying.add(role);
    if (!this.reported) {
      this.reported = true;
      call._fireStatus('reconnecting');
    }
    for (let attempt = 0; !call._ended; attempt++) {
      if (attempt > 0) await sleep(BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)]);
      if (call._ended) break;
      try {
        if (await this._attempt(role)) break;
      } catch (e) {
        // The hub refused or the browser could not negotiate: try again; a call the server ended comes as `hangup`.
        console.warn(`Convene: reconnecting the call's ${role} connection failed`, e);
      }
    }
    this.retrying.delete(role);
    if (!call._ended && this.retrying.size === 0 && this.reported) {
      this.reported = false;
      call._fireStatus('reconnected');
    }
  }

  /**
   * The peer published anew (it reconnected): the relay dropped our subscription to its old stream, so subscribe to
   * the new one now; when that fails, the retry loop takes over.
   */
  peerPublished() {
    if (this.call._ended) return;
    this.call._renegotiate('subscribe').then(
      (pc) => { if (!pc) this.reconnect('subscribe'); },
      (e) => {
        console.warn('Convene: subscribing to the peer\'s new stream failed', e);
        this.reconnect('subscribe');
      });
  }

  /** One renewal of `role`'s connection: true when it connected. */
  async _attempt(role) {
    const call = this.call;
    let pc = await Promise.race([call._renegotiate(role), this.stopped]);
    while (pc && !call._ended) {
      const connected = await connectedWithin(pc, ATTEMPT_MS);
      const current = call._pcOf(role);
      if (current === pc) return connected;
      pc = current; // renewed meanwhile (the peer published anew): judge that connection instead
    }
    return false;
  }
}

/** True once `pc` is connected, false when it fails, is closed or `ms` pass first. */
function connectedWithin(pc, ms) {
  return new Promise((resolve) => {
    const done = (ok) => {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      resolve(ok);
    };
    const check = () => {
      const s = pc.connectionState;
      if (s === 'connected') done(true);
      else if (s === 'failed' || s === 'closed' || pc.signalingState === 'closed') done(false);
    };
    const timer = setTimeout(() => done(false), ms);
    pc.addEventListener('connectionstatechange', check);
    check();
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
