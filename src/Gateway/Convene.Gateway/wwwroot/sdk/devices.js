// Convene JS SDK — capture devices: cameras by index, screens, microphones, and device changes.
// Used by convene.js; apps do not need to import it.

/** The devices of `kind` ('videoinput' | 'audioinput'), asking for permission first if their ids are hidden. */
export async function devicesOf(kind) {
  let list = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind);
  if (list.length > 0 && list.every((d) => !d.deviceId)) {
    // Before the first capture browsers hide device ids: capture once (and stop) to be allowed to see them.
    const probe = await navigator.mediaDevices.getUserMedia(kind === 'videoinput' ? { video: true } : { audio: true });
    for (const t of probe.getTracks()) t.stop();
    list = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === kind);
  }
  return list;
}

/** `video` constraints (true or an object) narrowed to camera number `index` (0 = the first). */
export async function cameraConstraints(video, index) {
  if (!video || !index) return video;
  const cameras = await devicesOf('videoinput');
  if (index < 0 || index >= cameras.length) throw new Error(`no camera ${index}: there are ${cameras.length}`);
  return { ...(typeof video === 'object' ? video : {}), deviceId: { exact: cameras[index].deviceId } };
}

/** A new video track from a camera (by index) or a screen, with `video` constraints (true or an object). */
export async function captureVideo(source, index, video) {
  const stream = source === 'screen'
    ? await navigator.mediaDevices.getDisplayMedia({ video, audio: false })
    : await navigator.mediaDevices.getUserMedia({ video: await cameraConstraints(video, index), audio: false });
  return stream.getVideoTracks()[0];
}

/** A new audio track from microphone number `index` (0 = the first, usually the system default). */
export async function captureAudio(index) {
  const mics = await devicesOf('audioinput');
  if (index < 0 || index >= mics.length) throw new Error(`no microphone ${index}: there are ${mics.length}`);
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { deviceId: { exact: mics[index].deviceId } }, video: false });
  return stream.getAudioTracks()[0];
}

/** `{ deviceId, label, kind }` of the device a track captures from, or null. */
export function deviceOf(track) {
  if (!track) return null;
  const settings = track.getSettings ? track.getSettings() : {};
  return { deviceId: settings.deviceId || '', label: track.label, kind: track.kind === 'audio' ? 'audioinput' : 'videoinput' };
}

/** Calls `fn()` on every `devicechange` of navigator.mediaDevices; returns the function that stops it. */
export function watchDevices(fn) {
  const media = typeof navigator !== 'undefined' && navigator.mediaDevices;
  if (!media || !media.addEventListener) return () => {};
  const handler = () => fn();
  media.addEventListener('devicechange', handler);
  return () => media.removeEventListener('devicechange', handler);
}
