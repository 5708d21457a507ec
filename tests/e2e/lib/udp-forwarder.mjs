// A UDP forwarder on loopback between a browser and the silo's media port, for tests that cut a media path.
// Each browser source address gets its own upstream socket, so the relay sees one distinct address per browser
// socket (as behind a NAT) and its answers go back to the right browser socket. `cut()` drops every datagram both
// ways until `restore()`; `forwarded` and `dropped` count datagrams (both directions).
import dgram from 'node:dgram';

export async function startUdpForwarder(targetPort, targetHost = '127.0.0.1') {
  const front = dgram.createSocket('udp4');
  const upstreams = new Map(); // "address:port" of the browser socket -> upstream socket
  const state = { cutting: false, forwarded: 0, dropped: 0 };

  const upstreamFor = async (rinfo) => {
    const id = `${rinfo.address}:${rinfo.port}`;
    let up = upstreams.get(id);
    if (!up) {
      up = dgram.createSocket('udp4');
      upstreams.set(id, up);
      up.on('message', (msg) => {
        if (state.cutting) { state.dropped++; return; }
        state.forwarded++;
        front.send(msg, rinfo.port, rinfo.address);
      });
      up.on('error', () => {});
      up.ready = new Promise((resolve) => up.bind(0, '127.0.0.1', resolve));
    }
    await up.ready;
    return up;
  };

  front.on('message', async (msg, rinfo) => {
    if (state.cutting) { state.dropped++; return; }
    const up = await upstreamFor(rinfo);
    state.forwarded++;
    up.send(msg, targetPort, targetHost);
  });
  front.on('error', () => {});
  await new Promise((resolve) => front.bind(0, '127.0.0.1', resolve));

  return {
    port: front.address().port,
    get forwarded() { return state.forwarded; },
    get dropped() { return state.dropped; },
    get cutting() { return state.cutting; },
    cut() { state.cutting = true; },
    restore() { state.cutting = false; },
    close() {
      for (const up of upstreams.values()) up.close();
      front.close();
    },
  };
}
