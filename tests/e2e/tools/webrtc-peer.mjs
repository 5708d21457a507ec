// A headless Chromium WebRTC publisher for interop tests of Convene's media transport.
//
// Protocol (one JSON object per line):
//   stdout  {"type":"offer","sdp":"..."}                  the offer (audio + video, sendonly;
//                                                          --simulcast: video as rids q, h, f)
//   stdin   {"type":"answer","sdp":"..."}                 the server's answer
//   stdout  {"type":"stats", dtlsState, tlsVersion, ...}  every 100 ms after the answer is set
//   stdin   {"type":"close"}                              optional: stop early
//   stdout  {"type":"done","result":"connected"|"failed"|"timeout", ...last stats}
//
// Exits 0 once DTLS is connected and at least --min-packets RTP packets were sent (or on "close"
// after connecting), 2 when DTLS failed, 3 on timeout (--timeout-ms, default 20000).
import { launchFakeMediaChromium, openLocalPage } from '../lib/chromium.mjs';
import readline from 'node:readline';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']),
);
const timeoutMs = Number(args['timeout-ms'] ?? 20000);
const minPackets = Number(args['min-packets'] ?? 50);
const executablePath = args['chromium'] ?? '/usr/bin/chromium';
const simulcast = args['simulcast'] === 'true';

const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const lines = readline.createInterface({ input: process.stdin });
const waiters = [];
const pending = [];
let closeRequested = false;
lines.on('line', (line) => {
  if (!line.trim()) return;
  let msg;
  try { msg = JSON.parse(line); } catch { emit({ type: 'error', message: `bad stdin line: ${line}` }); return; }
  if (msg.type === 'close') { closeRequested = true; return; }
  const w = waiters.shift();
  if (w) w(msg); else pending.push(msg);
});
const nextMessage = () => new Promise((resolve) => {
  const m = pending.shift();
  if (m) resolve(m); else waiters.push(resolve);
});

const started = Date.now();
const browser = await launchFakeMediaChromium(executablePath);
let exitCode = 3;
try {
  const page = await openLocalPage(browser, 'peer', (text) => emit({ type: 'console', text }));

  const offer = await page.evaluate(async (simulcast) => {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    window.pc = pc;
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
    for (const track of stream.getTracks()) {
      const init = { direction: 'sendonly', streams: [stream] };
      if (simulcast && track.kind === 'video') {
        init.sendEncodings = [
          { rid: 'q', scaleResolutionDownBy: 4 }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'f' },
        ];
      }
      pc.addTransceiver(track, init);
    }
    await pc.setLocalDescription(await pc.createOffer());
    return pc.localDescription.sdp;
  }, simulcast);
  emit({ type: 'offer', sdp: offer });

  const answer = await Promise.race([
    nextMessage(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('no answer on stdin')), timeoutMs)),
  ]);
  if (answer.type !== 'answer' || typeof answer.sdp !== 'string') throw new Error(`expected an answer, got ${answer.type}`);
  await page.evaluate((sdp) => window.pc.setRemoteDescription({ type: 'answer', sdp }), answer.sdp);

  let last = {};
  while (Date.now() - started < timeoutMs) {
    last = await page.evaluate(async () => {
      const report = await window.pc.getStats();
      const s = { type: 'stats', packetsSent: 0, connectionState: window.pc.connectionState, iceConnectionState: window.pc.iceConnectionState };
      report.forEach((r) => {
        if (r.type === 'transport') {
          Object.assign(s, {
            dtlsState: r.dtlsState, tlsVersion: r.tlsVersion, srtpCipher: r.srtpCipher, dtlsCipher: r.dtlsCipher,
            selectedCandidatePairChanges: r.selectedCandidatePairChanges, dtlsRole: r.dtlsRole,
          });
        }
        if (r.type === 'outbound-rtp') s.packetsSent += r.packetsSent ?? 0;
      });
      return s;
    });
    last.elapsedMs = Date.now() - started;
    emit(last);
    if (last.dtlsState === 'failed') { exitCode = 2; break; }
    if (last.dtlsState === 'connected' && (last.packetsSent >= minPackets || closeRequested)) { exitCode = 0; break; }
    await new Promise((r) => setTimeout(r, 100));
  }
  emit({ ...last, type: 'done', result: exitCode === 0 ? 'connected' : exitCode === 2 ? 'failed' : 'timeout' });
} catch (err) {
  emit({ type: 'error', message: String(err?.stack ?? err) });
  exitCode = 1;
} finally {
  await browser.close().catch(() => {});
  lines.close();
}
process.exit(exitCode);
