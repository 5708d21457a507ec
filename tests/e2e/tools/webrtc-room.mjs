// One headless Chromium holding several RTCPeerConnections (publishers and subscribers) for the relay's
// interop tests. One page, one browser process: cheaper than a browser per peer.
//
// Protocol: one JSON object per line. Every command carries "seq"; its reply carries "reply": seq.
//   {"seq":1,"cmd":"publish","id":"p1","audio":true,"video":true,"width":640,"height":360,"simulcast":false,"tone":false}
//        -> {"reply":1,"type":"offer","id":"p1","sdp":"..."}      fake camera/microphone, sendonly
//                                                                 (simulcast: video as rids q, h, f, with
//                                                                  "maxKbps":[q,h,f] each layer's maxBitrate;
//                                                                  tone: audio is a WebAudio beep, 1 s on / 1 s off)
//   {"seq":2,"cmd":"subscribe","id":"s1","audio":true,"video":true}
//        -> {"reply":2,"type":"offer","id":"s1","sdp":"..."}      recvonly audio + video transceivers
//   {"seq":3,"cmd":"answer","id":"s1","sdp":"..."}  -> {"reply":3,"type":"answered","id":"s1"}
//   {"seq":4,"cmd":"stats","id":"s1"}  -> {"reply":4,"type":"stats","id":"s1", dtlsState, audio:{...}, video:{...}, ...}
//   {"seq":5,"cmd":"layer","id":"p1","rid":"h","active":false} -> {"reply":5,"type":"layer"}  pause/resume a simulcast layer
//   {"seq":5,"cmd":"close","id":"s1"}  -> {"reply":5,"type":"closed","id":"s1"}
//   {"seq":6,"cmd":"exit"}             -> exits 0
// Errors answer {"reply":seq,"type":"error","message":...}. The process exits by itself after --timeout-ms
// (default 180000) or when stdin closes, so a crashed test never leaves a browser behind.
import { launchFakeMediaChromium, openLocalPage } from '../lib/chromium.mjs';
import readline from 'node:readline';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']),
);
const timeoutMs = Number(args['timeout-ms'] ?? 180000);
const executablePath = args['chromium'] ?? '/usr/bin/chromium';
const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

const browser = await launchFakeMediaChromium(executablePath, ['--autoplay-policy=no-user-gesture-required']);
let exiting = false;
const shutdown = async (code) => {
  if (exiting) return;
  exiting = true;
  await browser.close().catch(() => {});
  process.exit(code);
};
setTimeout(() => { emit({ type: 'log', text: 'timeout: exiting' }); shutdown(3); }, timeoutMs).unref();

const page = await openLocalPage(browser, 'room', (text) => emit({ type: 'console', text }));
await page.evaluate(() => {
  window.pcs = {};
  const newPc = () => new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  // A beeping tone: 440 Hz at -6 dBFS, one second on, one second off (the fake microphone's beeps last a
  // packet or two every 500 ms, too short to count as talking).
  const beepingTone = () => {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = 440;
    const gain = ctx.createGain();
    gain.gain.value = 0;
    const dest = ctx.createMediaStreamDestination();
    osc.connect(gain).connect(dest);
    osc.start();
    let on = false;
    setInterval(() => { on = !on; gain.gain.setValueAtTime(on ? 0.5 : 0, ctx.currentTime); }, 1000);
    return dest.stream.getAudioTracks()[0];
  };
  window.publish = async (id, audio, video, width, height, simulcast, tone, maxKbps) => {
    const pc = newPc();
    window.pcs[id] = pc;
    // Raw audio: noise suppression learns the fake device's steady beep as noise and mutes it after a while.
    const raw = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
    const constraints = { audio: audio && !tone ? raw : false, video: video ? { width, height } : false };
    const stream = constraints.audio || constraints.video ? await navigator.mediaDevices.getUserMedia(constraints) : new MediaStream();
    if (audio && tone) stream.addTrack(beepingTone());
    for (const track of stream.getTracks()) {
      const init = { direction: 'sendonly', streams: [stream] };
      if (simulcast && track.kind === 'video') {
        init.sendEncodings = [{ rid: 'q', scaleResolutionDownBy: 4 }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'f' }];
        // One temporal-layer stream per rid: without a scalabilityMode, Chromium encodes VP9 and AV1 as one SVC stream
        // on the first rid only; with one, it sends real simulcast for every codec (VP8 and H.264 alike).
        init.sendEncodings.forEach((e) => { e.scalabilityMode = 'L1T1'; });
        if (maxKbps) init.sendEncodings.forEach((e, i) => { e.maxBitrate = maxKbps[i] * 1000; });
      }
      pc.addTransceiver(track, init);
    }
    await pc.setLocalDescription(await pc.createOffer());
    return pc.localDescription.sdp;
  };
  window.subscribe = async (id, audio, video) => {
    const pc = newPc();
    window.pcs[id] = pc;
    if (audio) pc.addTransceiver('audio', { direction: 'recvonly' });
    if (video) pc.addTransceiver('video', { direction: 'recvonly' });
    await pc.setLocalDescription(await pc.createOffer());
    return pc.localDescription.sdp;
  };
  window.stats = async (id) => {
    const pc = window.pcs[id];
    const report = await pc.getStats();
    const s = { connectionState: pc.connectionState, iceConnectionState: pc.iceConnectionState, inboundRtp: 0, outboundPacketsSent: 0, outbound: [] };
    report.forEach((r) => {
      if (r.type === 'transport') Object.assign(s, { dtlsState: r.dtlsState, tlsVersion: r.tlsVersion, srtpCipher: r.srtpCipher });
      if (r.type === 'candidate-pair' && r.nominated && r.availableOutgoingBitrate !== undefined) s.availableOutgoingBitrate = r.availableOutgoingBitrate;
      if (r.type === 'outbound-rtp') {
        s.outboundPacketsSent += r.packetsSent ?? 0;
        if (r.kind === 'video') s.videoBytesSent = (s.videoBytesSent ?? 0) + (r.bytesSent ?? 0);
        s.outbound.push({ kind: r.kind, rid: r.rid, ssrc: r.ssrc, codec: report.get(r.codecId)?.mimeType, packetsSent: r.packetsSent, frameWidth: r.frameWidth, frameHeight: r.frameHeight, framesEncoded: r.framesEncoded, pliCount: r.pliCount, nackCount: r.nackCount,
          retransmittedPacketsSent: r.retransmittedPacketsSent });
      }
      // RTCP from the relay: our RRs show up at a sender as remote-inbound-rtp, our SRs at a receiver as remote-outbound-rtp.
      if (r.type === 'remote-inbound-rtp') s.remoteInbound = (s.remoteInbound ?? 0) + 1;
      if (r.type === 'remote-outbound-rtp') s.remoteOutbound = (s.remoteOutbound ?? 0) + 1;
      if (r.type === 'inbound-rtp') {
        s.inboundRtp++;
        s[r.kind] = {
          ssrc: r.ssrc, codec: report.get(r.codecId)?.mimeType, packetsReceived: r.packetsReceived, packetsLost: r.packetsLost, bytesReceived: r.bytesReceived,
          framesDecoded: r.framesDecoded, keyFramesDecoded: r.keyFramesDecoded, frameWidth: r.frameWidth,
          frameHeight: r.frameHeight, audioLevel: r.audioLevel, totalSamplesReceived: r.totalSamplesReceived,
          firCount: r.firCount, pliCount: r.pliCount, nackCount: r.nackCount,
          // Loss recovery (issue 13): freezes, drops, decode rate and what arrived as retransmissions.
          freezeCount: r.freezeCount, totalFreezesDuration: r.totalFreezesDuration, framesDropped: r.framesDropped,
          framesPerSecond: r.framesPerSecond, retransmittedPacketsReceived: r.retransmittedPacketsReceived,
          totalDecodeTime: r.totalDecodeTime, framesReceived: r.framesReceived, jitterBufferDelay: r.jitterBufferDelay,
          jitterBufferEmittedCount: r.jitterBufferEmittedCount, jitterBufferTargetDelay: r.jitterBufferTargetDelay,
          jitterBufferMinimumDelay: r.jitterBufferMinimumDelay,
        };
      }
    });
    return s;
  };
});

const handle = async (msg) => {
  switch (msg.cmd) {
    case 'publish':
      return { type: 'offer', id: msg.id, sdp: await page.evaluate(([id, a, v, w, h, sc, t, k]) => window.publish(id, a, v, w, h, sc, t, k),
        [msg.id, msg.audio !== false, msg.video !== false, msg.width ?? 640, msg.height ?? 360, msg.simulcast === true, msg.tone === true, msg.maxKbps ?? null]) };
    case 'subscribe':
      return { type: 'offer', id: msg.id, sdp: await page.evaluate(([id, a, v]) => window.subscribe(id, a, v), [msg.id, msg.audio !== false, msg.video !== false]) };
    case 'answer':
      await page.evaluate(([id, sdp]) => window.pcs[id].setRemoteDescription({ type: 'answer', sdp }), [msg.id, msg.sdp]);
      return { type: 'answered', id: msg.id };
    case 'stats':
      return { type: 'stats', id: msg.id, ...(await page.evaluate((id) => window.stats(id), msg.id)) };
    case 'layer':
      await page.evaluate(async ([id, rid, active]) => {
        const sender = window.pcs[id].getSenders().find((s) => s.track?.kind === 'video');
        const parameters = sender.getParameters();
        parameters.encodings.find((e) => e.rid === rid).active = active;
        await sender.setParameters(parameters);
      }, [msg.id, msg.rid, msg.active !== false]);
      return { type: 'layer', id: msg.id };
    case 'close':
      await page.evaluate((id) => {
        const pc = window.pcs[id];
        pc?.getSenders().forEach((s) => s.track?.stop()); // release the capture, not only the connection
        pc?.close();
        delete window.pcs[id];
      }, msg.id);
      return { type: 'closed', id: msg.id };
    case 'exit':
      emit({ reply: msg.seq, type: 'bye' });
      await shutdown(0);
      return null;
    default:
      throw new Error(`unknown cmd ${msg.cmd}`);
  }
};

emit({ type: 'ready' });
const lines = readline.createInterface({ input: process.stdin });
// Commands run one at a time, in order.
let chain = Promise.resolve();
lines.on('line', (line) => {
  if (!line.trim()) return;
  chain = chain.then(async () => {
    let msg;
    try { msg = JSON.parse(line); } catch { emit({ type: 'error', message: `bad stdin line: ${line}` }); return; }
    try {
      const result = await handle(msg);
      if (result) emit({ reply: msg.seq, ...result });
    } catch (err) {
      emit({ reply: msg.seq, type: 'error', message: String(err?.stack ?? err) });
    }
  });
});
lines.on('close', () => { chain.then(() => shutdown(0)); });
