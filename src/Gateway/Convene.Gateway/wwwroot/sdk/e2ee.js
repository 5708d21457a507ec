// End-to-end encryption of one-to-one call media (Convene JS SDK).
//
// Key agreement: each side makes an ECDH P-256 key pair (WebCrypto, private key not extractable) and sends only its
// public key over the signalling channel (the server relays it, it never sees a secret). Both derive the same
// AES-GCM-128 key with HKDF-SHA-256 (salt = the call id). The safety code is a hash of the two public keys (caller's
// first): both screens show the same 8 digits unless someone in between swapped the keys.
//
// Frames: every encoded frame is encrypted in the browser before it is packetized (Chromium encoded transforms,
// `encodedInsertableStreams` + `createEncodedStreams()`), and decrypted after the receiver reassembled it:
//   [clear bytes][AES-GCM ciphertext of the rest + 16-byte tag][12-byte IV]
// The clear bytes are authenticated as additional data. What stays clear, so the relay still routes it:
//   - RTP headers, header extensions and the VP8 payload descriptor (RFC 7741 §4.2): the packetizer adds them, they
//     are never part of the encoded frame;
//   - VP8: the first 10 bytes of a keyframe, the first 3 of a delta frame — the VP8 payload header (RFC 7741 §4.3,
//     RFC 6386 §9.1: frame tag with the P bit, and on keyframes the start code and size). The relay reads the P bit to
//     find keyframes, and the depacketizer needs the frame tag;
//   - Opus: the first byte (the TOC byte, RFC 6716 §3.1).
// A frame that does not decrypt (no key yet, wrong key, tampered) is dropped, never passed to the decoder.

/** True when this browser can transform encoded frames (Chromium's insertable streams). */
export const E2EE_SUPPORTED = typeof RTCRtpSender !== 'undefined' && typeof RTCRtpSender.prototype.createEncodedStreams === 'function';

const IV_LENGTH = 12;
const TAG_LENGTH = 16;

function toBase64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** How many leading bytes of a frame stay clear (see the header). */
export function clearBytes(kind, frame) {
  if (kind === 'audio') return 1;
  return frame.type === 'key' ? 10 : 3;
}

/** Hex of up to 24 bytes after the clear bytes, and the length: a fingerprint of a frame's content (diagnostics). */
function fingerprint(bytes, from) {
  let hex = '';
  for (let i = from; i < Math.min(bytes.length, from + 24); i++) hex += bytes[i].toString(16).padStart(2, '0');
  return `${bytes.length}:${hex}`;
}

/** One side's key material for one call. */
export class CallKey {
  /** Makes a new key pair; `publicKey` is what goes to the peer. */
  static async create() {
    const k = new CallKey();
    k._pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    k._publicRaw = new Uint8Array(await crypto.subtle.exportKey('raw', k._pair.publicKey));
    k.publicKey = toBase64(k._publicRaw);
    k.key = null;
    k.safetyCode = null;
    k.passthrough = false; // set when the peer answered without a key: frames go unencrypted
    return k;
  }

  /**
   * Derives the frame key from the peer's public key. `iAmCaller` orders the two public keys for the safety code.
   * Rejects if the peer's key is not a P-256 public key.
   */
  async agree(peerPublicKey, callId, iAmCaller) {
    const peerRaw = fromBase64(peerPublicKey);
    const peer = await crypto.subtle.importKey('raw', peerRaw, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
    const bits = await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, this._pair.privateKey, 256);
    const hkdf = await crypto.subtle.importKey('raw', bits, 'HKDF', false, ['deriveKey']);
    const enc = new TextEncoder();
    this.key = await crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: enc.encode(callId), info: enc.encode('convene call e2ee v1') },
      hkdf, { name: 'AES-GCM', length: 128 }, false, ['encrypt', 'decrypt']);
    const [first, second] = iAmCaller ? [this._publicRaw, peerRaw] : [peerRaw, this._publicRaw];
    const both = new Uint8Array(first.length + second.length);
    both.set(first);
    both.set(second, first.length);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', both));
    const n = ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
    const digits = String(n % 100000000).padStart(8, '0');
    this.safetyCode = `${digits.slice(0, 4)} ${digits.slice(4)}`;
    return this.safetyCode;
  }
}

/**
 * Frame counters, and an optional probe `globalThis.__conveneE2eeProbe(event)` called with
 * `{ direction: 'send'|'receive', kind, plain, cipher }` fingerprints (tests use it to compare what was sent, what
 * arrived and what was decoded).
 */
export const e2eeStats = { encrypted: 0, decrypted: 0, dropped: 0 };

function probe(event) {
  const p = globalThis.__conveneE2eeProbe;
  if (typeof p === 'function') {
    try { p(event); } catch { /* diagnostics only */ }
  }
}

/** Encrypts every frame `sender` sends with `keyRef.key` (frames are dropped while there is no key). */
export function encryptSender(sender, keyRef) {
  const kind = sender.track?.kind || 'video';
  const { readable, writable } = sender.createEncodedStreams();
  const transform = new TransformStream({
    async transform(frame, controller) {
      if (keyRef.passthrough) { controller.enqueue(frame); return; }
      const key = keyRef.key;
      if (!key) return; // not agreed yet: send nothing rather than something readable
      const data = new Uint8Array(frame.data);
      const n = Math.min(clearBytes(kind, frame), data.length);
      const iv = crypto.getRandomValues(new Uint8Array(IV_LENGTH));
      const cipher = new Uint8Array(await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: data.subarray(0, n) }, key, data.subarray(n)));
      const out = new Uint8Array(n + cipher.length + IV_LENGTH);
      out.set(data.subarray(0, n));
      out.set(cipher, n);
      out.set(iv, n + cipher.length);
      e2eeStats.encrypted++;
      probe({ direction: 'send', kind, plain: fingerprint(data, n), cipher: fingerprint(out, n) });
      frame.data = out.buffer;
      controller.enqueue(frame);
    },
  });
  readable.pipeThrough(transform).pipeTo(writable).catch(() => {});
}

/** Decrypts every frame `receiver` gets with `keyRef.key`; frames that do not decrypt are dropped. */
export function decryptReceiver(receiver, keyRef) {
  const kind = receiver.track?.kind || 'video';
  const { readable, writable } = receiver.createEncodedStreams();
  const transform = new TransformStream({
    async transform(frame, controller) {
      if (keyRef.passthrough) { controller.enqueue(frame); return; }
      const data = new Uint8Array(frame.data);
      const n = clearBytes(kind, frame);
      const key = keyRef.key;
      if (!key || data.length < n + TAG_LENGTH + IV_LENGTH) {
        e2eeStats.dropped++;
        return;
      }
      const ivAt = data.length - IV_LENGTH;
      try {
        const plain = new Uint8Array(await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: data.subarray(ivAt), additionalData: data.subarray(0, n) }, key, data.subarray(n, ivAt)));
        const out = new Uint8Array(n + plain.length);
        out.set(data.subarray(0, n));
        out.set(plain, n);
        e2eeStats.decrypted++;
        probe({ direction: 'receive', kind, cipher: fingerprint(data, n), plain: fingerprint(out, n) });
        frame.data = out.buffer;
        controller.enqueue(frame);
      } catch {
        e2eeStats.dropped++;
        probe({ direction: 'receive', kind, cipher: fingerprint(data, n), plain: null });
      }
    },
  });
  readable.pipeThrough(transform).pipeTo(writable).catch(() => {});
}
