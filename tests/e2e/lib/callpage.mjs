// A browser page that uses the JS SDK's call API (call.js), in its own browser context, for the call tests.
// In the page, `window.__t` records the call listener's events (t.log), the E2EE probe's frame fingerprints
// (t.sent, t.received) and answers incoming calls as `t.mode` says: 'answer', 'decline' (onIncoming returns
// null) or 'ignore' (shows the call and never answers). `initScript` ({ fn, arg }) runs in the page before the SDK
// loads (page.addInitScript), e.g. to reroute its media.
export async function openCallPage(browser, silo, token, mode = 'answer', { initScript } = {}) {
  const context = await browser.newContext();
  await context.grantPermissions(['camera', 'microphone'], { origin: silo.baseUrl });
  const page = await context.newPage();
  if (initScript) await page.addInitScript(initScript.fn, initScript.arg);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  await page.goto(`${silo.baseUrl}/sdk/convene.js`);
  await page.evaluate(async ({ token, mode }) => {
    const { Convene } = await import('/sdk/convene.js');
    const t = { log: [], sent: new Set(), sentPlain: new Set(), received: [], mode };
    window.__t = t;
    const log = (what, detail) => t.log.push({ at: Date.now(), what, detail });
    globalThis.__conveneE2eeProbe = (e) => {
      if (e.kind !== 'video') return;
      if (e.direction === 'send') {
        if (t.sent.size < 5000) { t.sent.add(e.cipher); t.sentPlain.add(e.plain); }
      } else if (t.received.length < 500) t.received.push(e);
    };
    const api = new Convene('', token);
    t.api = api;
    api.setCallListener({
      onIncoming(profile, video, waiting) {
        log('incoming', `${profile.address} ${video} ${waiting}`);
        return t.mode === 'decline' ? null : api.createCallProperties(video);
      },
      onShowUserInterface(call) {
        log('show', call.peer.address);
        t.call = call;
        if (t.mode === 'answer') call.answer(true).catch((e) => log('error', e.message));
      },
      onStatus: (call, status) => log('status', status),
      onMute: (call, audio, video) => log('mute', `${audio} ${video}`),
      onHangup: (call, reason) => log('hangup', reason),
      onError: (call, e) => log('error', e.message),
      onNotify: (type, profile, video) => log('notify', `${type} ${profile.address} ${video}`),
    });
    await api.start();
  }, { token, mode });
  return page;
}

/** The names (and details) of the events the page's call listener saw. */
export function callLog(page) {
  return page.evaluate(() => window.__t.log.map((e) => `${e.what}${e.detail ? ` ${e.detail}` : ''}`));
}

/** Video frames decoded from the peer in the page's active call (0 without one). */
export function framesDecoded(page) {
  return page.evaluate(async () => {
    const call = window.__t.api.getActiveCall() || window.__t.call;
    const pc = call?._subPc;
    if (!pc) return 0;
    let frames = 0;
    (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded ?? 0; });
    return frames;
  });
}
