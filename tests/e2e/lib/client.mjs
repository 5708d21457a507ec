// A conference client for tests: the official @microsoft/signalr client with every server event recorded.
import * as signalR from '@microsoft/signalr';

export const EVENTS = ['OnPublisher', 'OnSubscriber', 'OnConnected', 'OnMute', 'OnTalking', 'OnHangup', 'OnMessage', 'OnCall'];

/** Connects `name` with an access token; resolves with a client whose `events` records every server event. */
export async function connect(silo, token, name = 'client', { reconnect = false } = {}) {
  let builder = new signalR.HubConnectionBuilder()
    .withUrl(`${silo.baseUrl}/hub`, { accessTokenFactory: () => token })
    .configureLogging(signalR.LogLevel.None);
  if (reconnect) builder = builder.withAutomaticReconnect([0, 100, 250, 500, 1000, 2000]);
  const connection = builder.build();
  const events = [];
  const waiters = [];
  for (const event of EVENTS) {
    connection.on(event, (...args) => {
      const record = { event, args };
      events.push(record);
      for (const w of [...waiters]) {
        if (w.event === event && w.match(...args)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(args);
        }
      }
    });
  }
  await connection.start();
  const client = {
    name, connection, events, token,
    invoke: (method, ...args) => connection.invoke(method, ...args),
    /** Resolves with the args of the first `event` (already seen or future) for which `match(...args)` is true. */
    waitFor(event, match = () => true, timeoutMs = 10000) {
      const seen = events.find((e) => e.event === event && match(...e.args));
      if (seen) return Promise.resolve(seen.args);
      return new Promise((resolve, reject) => {
        const waiter = { event, match, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) {
            waiters.splice(i, 1);
            const got = events.filter((e) => e.event === event).map((e) => JSON.stringify(e.args)).join('; ') || 'none';
            reject(new Error(`${name}: expected a matching ${event} within ${timeoutMs} ms; got: ${got}`));
          }
        }, timeoutMs);
      });
    },
    /** The recorded events named `event`. */
    seen: (event) => events.filter((e) => e.event === event).map((e) => e.args),
    stop: () => connection.stop(),
  };
  return client;
}
