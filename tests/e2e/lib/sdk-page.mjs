// A blank page on a silo's origin with the JS SDK loaded, driven step by step from a test: window.__t holds the
// Convene instance, the group calls, every listener callback (t.events) and every hub call the SDK made (t.invokes).

/** Opens the page and connects as the user of `token`; resolves with the page. */
export async function openSdkPage(browser, silo, token) {
  const context = await browser.newContext();
  await context.grantPermissions(['camera', 'microphone'], { origin: silo.baseUrl });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  await page.goto(`${silo.baseUrl}/sdk/convene.js`);
  await page.evaluate(async (token) => {
    const sdk = await import('/sdk/convene.js');
    const t = { sdk, events: [], invokes: [], groups: {}, gum: 0 };
    window.__t = t;
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (c) => { t.gum++; return gum(c); };
    t.key = (p) => `${p.groupCall.gid}:${p.getAddress()}/${p.getType()}`;
    // Arguments as plain data: participants as their key ("gid:address/streamId"), arrays and objects copied.
    const plain = (a) => Array.isArray(a) ? a.map(plain) : a instanceof sdk.Participant ? t.key(a) : a && typeof a === 'object' ? { ...a } : a;
    // A listener recording every callback: { name, args } (the first argument a participant's key when it is one).
    t.listener = () => new Proxy({}, {
      get: (_, name) => typeof name === 'string' && name.startsWith('on')
        ? (...args) => { t.events.push({ name, args: args.map(plain), at: Date.now() }); }
        : undefined,
    });
    t.api = new sdk.Convene('', token);
    await t.api.start();
    const invoke = t.api.invoke.bind(t.api);
    t.api.invoke = (method, ...args) => {
      t.invokes.push({ method, sdp: args[1] && typeof args[1] === 'object' && 'sdp' in args[1] ? args[1].sdp !== null : null, args: JSON.stringify(args).slice(0, 300) });
      return invoke(method, ...args);
    };
  }, token);
  return page;
}

/** Joins group `gid` in the page with a recording group listener. */
export function joinGroup(page, gid) {
  return page.evaluate(async (gid) => {
    const t = window.__t;
    const group = t.api.groupCall(gid);
    t.groups[gid] = group;
    group.setListener(t.listener());
    await group.join();
  }, gid);
}

/** The events recorded in the page, optionally only those named `name`. */
export function events(page, name) {
  return page.evaluate((name) => window.__t.events.filter((e) => !name || e.name === name), name);
}

/**
 * Stats of the peer connection of stream `address/streamId` in group `gid` (a remote one, or with `local` one of
 * yours): inbound (or outbound) video frames and audio packets, and the video track's size.
 */
export function streamStats(page, gid, address, streamId, local = false) {
  return page.evaluate(async ({ gid, address, streamId, local }) => {
    const group = window.__t.groups[gid];
    const p = local ? group.local.get(streamId) : group.remote.get(`${address}/${streamId}`);
    const out = { frames: 0, audioPackets: 0, width: 0, height: 0, hasPc: !!(p && p.pc), state: p?.pc?.connectionState ?? null };
    if (!p || !p.pc) return out;
    (await p.pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') Object.assign(out, { frames: s.framesDecoded ?? 0, width: s.frameWidth ?? 0, height: s.frameHeight ?? 0 });
      if (s.type === 'inbound-rtp' && s.kind === 'audio') out.audioPackets = s.packetsReceived ?? 0;
      if (s.type === 'outbound-rtp' && s.kind === 'video' && local) Object.assign(out, { frames: s.framesSent ?? 0, width: s.frameWidth ?? 0, height: s.frameHeight ?? 0 });
      if (s.type === 'outbound-rtp' && s.kind === 'audio' && local) out.audioPackets = s.packetsSent ?? 0;
    });
    return out;
  }, { gid, address, streamId, local });
}
