// Convene JS SDK — moderation and per-member media limits (docs/client-api.md, "Moderation").
// Adds to GroupCall: addMembers, removeMembers, setMemberPermissions, allowPublish, setMemberMedia, getMembers,
// muteParticipant, muteAllButMe, removeFromCall, endCall, raiseHand, lowerHand, getRaisedHands, getLimits,
// canModerate; and handles the server's OnMemberChanged, OnGroupDeleted, OnRaiseHand, OnCallEnded, OnModeratorMute.
// Group listener callbacks: onMemberChanged(access), onRaiseHand(address, raised), onCallEnded(reason, by),
// onGroupDeleted(), onModeratorMute(participant, by). A stream muted by a moderator also gets its listener's
// onMute(p, audioMuted, videoMuted, true). After lost events (OnResync) resyncAccess re-reads what you may do (and
// whether you are still in the call) and resyncHands the raised hands.

function notify(listener, name, ...args) {
  const fn = listener && listener[name];
  if (typeof fn !== 'function') return;
  try {
    fn.apply(listener, args);
  } catch (e) {
    console.error(`Convene: listener ${name} threw`, e);
  }
}

const list = (addresses) => (Array.isArray(addresses) ? addresses : [addresses]).map(String);

const methods = {
  /** Adds (or updates) members as you (the adduser admin right); `permissions` { send, recv, pub, sub, list }, `call` see setMemberMedia. */
  addMembers(addresses, { permissions = null, call = null } = {}) {
    return this.api.invoke('EditMembers', this.gid, { members: list(addresses), remove: false, permissions, call });
  },

  /** Removes members (the remuser admin right); those in the call leave it. */
  removeMembers(addresses) {
    return this.api.invoke('EditMembers', this.gid, { members: list(addresses), remove: true, permissions: null, call: null });
  },

  /** Changes members' permissions, e.g. { pub: true } to let a student talk in a classroom. */
  setMemberPermissions(addresses, permissions) {
    return this.addMembers(addresses, { permissions });
  },

  /** Lets a member publish (true) or takes it back (false): their streams end when taken back. */
  allowPublish(address, allowed = true) {
    return this.setMemberPermissions(address, { pub: !!allowed });
  },

  /**
   * Sets members' own media limits, tightening the room's: { resolution: 0..3 (-1 the room's), maxHeight (pixels,
   * 0 none), bitrate (kbit/s, 0 the room's), audio, video, default: true to reset first }.
   */
  setMemberMedia(addresses, call) {
    return this.addMembers(addresses, { call });
  },

  /** The members with their permissions, admin rights and media settings (members only). */
  getMembers(offset = 0, count = 100) {
    return this.api.invoke('ListMembers', this.gid, offset, count);
  },

  /** Mutes another participant's audio and/or video (all their streams, or `streamId`); the modify admin right. */
  muteParticipant(address, audio = true, video = true, streamId = null) {
    return this.api.invoke('MuteParticipant', this.gid, String(address), streamId, !!audio, !!video);
  },

  /** Mutes everyone's audio and/or video but yours; the modify admin right. */
  muteAllButMe(audio = true, video = true) {
    return this.api.invoke('MuteAllButMe', this.gid, !!audio, !!video);
  },

  /** Removes a participant from the call (they may join again unless you also remove them as a member); remuser. */
  removeFromCall(address) {
    return this.api.invoke('RemoveFromCall', this.gid, String(address));
  },

  /** Ends the call for everyone; the modify admin right. */
  endCall() {
    return this.api.invoke('EndCall', this.gid);
  },

  /** Raises (or lowers) your hand: those who may list the participants get onRaiseHand. */
  raiseHand(raised = true) {
    return this.api.invoke('RaiseHand', this.gid, !!raised);
  },

  lowerHand() {
    return this.raiseHand(false);
  },

  /** The raised hands, in the order they were raised. */
  getRaisedHands() {
    return [...hands(this)];
  },

  /** What you may publish: { audio, video, maxWidth, maxHeight, maxBitrateKbps } (the room's, tightened by yours). */
  getLimits() {
    return this.info && this.info.limits;
  },

  /** Whether you hold `right` ('modify' moderates the call, 'adduser' changes members, 'remuser' removes). */
  canModerate(right = 'modify') {
    return !!(this.info && (this.info.admin || []).includes(right));
  },
};

/** The group call's raised hands, rebuilt from each join's answer. */
function hands(c) {
  if (!c._hands || c._handsInfo !== c.info) {
    c._hands = new Set((c.info && c.info.raisedHands) || []);
    c._handsInfo = c.info;
  }
  return c._hands;
}

/** Ends one of your own streams locally (the room ended it): media closed, its listener told. */
function endLocal(p, reason) {
  if (!p.active) return;
  p.active = false;
  p._closeMedia();
  notify(p.listener, 'onHangup', p, reason);
}

/** Your call in the group is over (removed, ended, deleted): media closed, nothing restored on reconnection. */
function endCall(c, reason) {
  if (!c.joined) return;
  c.joined = false;
  for (const p of c.local.values()) p.active = false;
  for (const p of c.remote.values()) p.active = false;
  c._closeMedia(reason);
  c.remote.clear();
}

function onMemberChanged(c, access) {
  if (c.info) {
    const l = access.limits;
    Object.assign(c.info, {
      canSend: access.canSend, canReceive: access.canReceive, canPublish: access.canPublish,
      canSubscribe: access.canSubscribe, canList: access.canList, admin: access.admin, limits: l,
      maxWidth: l.maxWidth, maxHeight: l.maxHeight, maxBitrateKbps: l.maxBitrateKbps,
    });
  }
  const l = access.limits;
  for (const p of c.local.values()) {
    if (!p.active) continue;
    if (!access.canPublish) endLocal(p, 'permission revoked');
    else if ((p.wantAudio && !l.audio) || (p.wantVideo && !l.video)) endLocal(p, 'media not allowed');
    else for (const t of (p.stream ? p.stream.getVideoTracks() : [])) {
      // The SDK captures within the member's limits: a tighter limit applies to the running camera at once.
      t.applyConstraints({ width: { max: l.maxWidth }, height: { max: l.maxHeight } }).catch(() => {});
    }
  }
  notify(c.listener, 'onMemberChanged', access);
}

function onModeratorMute(c, info, by) {
  const p = c.local.get(info.streamId);
  if (!p) return;
  p._events++;
  p._update(info);
  moderatorMuted(c, p, info, by);
}

/**
 * A moderator muted your stream `p` (`info` its state after): a moderator only mutes, so a flag muted here stays muted
 * (your own later unmute may have reached the room before this event reached you).
 */
export function moderatorMuted(c, p, info, by) {
  const audioMuted = !!p.info.audioMuted || !!info.audioMuted;
  const videoMuted = !!p.info.videoMuted || !!info.videoMuted;
  p.info.audioMuted = audioMuted;
  p.info.videoMuted = videoMuted;
  if (p.stream) {
    for (const t of p.stream.getAudioTracks()) if (audioMuted) t.enabled = false;
    for (const t of p.stream.getVideoTracks()) if (videoMuted) t.enabled = false;
  }
  notify(p.listener, 'onMute', p, audioMuted, videoMuted, true);
  notify(c.listener, 'onModeratorMute', p, by);
}

/** Whether `access` (GetAccess, OnMemberChanged) differs from what the call knows (its join's answer and events since). */
function accessChanged(info, access) {
  if (!info) return true;
  const fields = ['canSend', 'canReceive', 'canPublish', 'canSubscribe', 'canList'];
  return fields.some((f) => !!info[f] !== !!access[f])
    || JSON.stringify(info.admin || []) !== JSON.stringify(access.admin || [])
    || JSON.stringify(info.limits || null) !== JSON.stringify(access.limits || null);
}

/**
 * After lost events (OnResync): re-reads what you may do (GetAccess). A change you missed is applied as OnMemberChanged
 * would have (onMemberChanged; your streams end if you may no longer publish them). If the room no longer has you in
 * the call (your OnCallEnded or OnGroupDeleted was lost) the call ends here too: onCallEnded(reason, null) with
 * `ended` (not_found: ended, removed, maxdur or the group deleted — which one is not known) or `removed` (forbidden:
 * no longer allowed in). Resolves false when the call is over.
 */
export async function resyncAccess(c) {
  const events = c._accessEvents || 0;
  let access;
  try {
    access = await c.api.invoke('GetAccess', c.gid);
  } catch (e) {
    if (e.code !== 'not_found' && e.code !== 'forbidden') throw e;
    if (!c.joined) return false;
    endCall(c, e.code === 'forbidden' ? 'removed' : 'ended');
    c.api.invoke('LeaveGroup', c.gid).catch(() => {});
    notify(c.listener, 'onCallEnded', e.code === 'forbidden' ? 'removed' : 'ended', null);
    return false;
  }
  if (!c.joined) return false;
  if ((c._accessEvents || 0) === events && accessChanged(c.info, access)) onMemberChanged(c, access);
  return true;
}

/**
 * After lost events (OnResync): re-reads the raised hands and tells the listener about each one that went up or down
 * meanwhile (onRaiseHand), as the live events would have. A hand that had an event during the read keeps the event's
 * state (it is newer). Without the list permission there is nothing to read (and no hand events came either).
 */
export async function resyncHands(c) {
  const touched = new Set();
  c._handEvents = touched;
  let list;
  try {
    list = await c.api.invoke('GetRaisedHands', c.gid);
  } catch (e) {
    if (e.code === 'forbidden') return;
    throw e;
  } finally {
    if (c._handEvents === touched) c._handEvents = null;
  }
  if (!c.joined) return;
  const set = hands(c);
  const now = new Set(list.map(String));
  const changes = [];
  for (const address of set) if (!now.has(address) && !touched.has(address)) changes.push([address, false]);
  for (const address of now) if (!set.has(address) && !touched.has(address)) changes.push([address, true]);
  // The room's order of raising, with the hands changed by events during the read kept as those events left them.
  const order = [...now, ...set].filter((a, i, all) => all.indexOf(a) === i)
    .filter((a) => (touched.has(a) ? set.has(a) : now.has(a)));
  set.clear();
  for (const address of order) set.add(address);
  for (const [address, raised] of changes) notify(c.listener, 'onRaiseHand', address, raised);
}

/** Adds the moderation calls to GroupCall. */
export function addModeration(GroupCall) {
  Object.assign(GroupCall.prototype, methods);
}

/** Handles the moderation events of a hub connection; `forCall(gid)` finds the group call. */
export function wireModeration(connection, forCall) {
  connection.on('OnMemberChanged', (access) => {
    const c = forCall(access.gid);
    if (!c) return;
    c._accessEvents = (c._accessEvents || 0) + 1; // a resync reading the access now keeps this (newer) state
    onMemberChanged(c, access);
  });
  connection.on('OnRaiseHand', (gid, address, raised) => {
    const c = forCall(gid);
    if (!c) return;
    const set = hands(c);
    c._handEvents?.add(address); // a resync reading the hands now keeps this (newer) state
    if (raised) set.add(address);
    else set.delete(address);
    notify(c.listener, 'onRaiseHand', address, raised);
  });
  connection.on('OnModeratorMute', (info, by) => {
    const c = forCall(info.gid);
    if (c) onModeratorMute(c, info, by);
  });
  connection.on('OnCallEnded', (gid, reason, by) => {
    const c = forCall(gid);
    if (!c || !c.joined) return;
    endCall(c, reason);
    // The server already ended it; leaving clears this connection's record of the group.
    c.api.invoke('LeaveGroup', c.gid).catch(() => {});
    notify(c.listener, 'onCallEnded', reason, by);
  });
  connection.on('OnGroupDeleted', (gid) => {
    const c = forCall(gid);
    if (!c) return;
    const wasJoined = c.joined;
    endCall(c, 'deleted');
    if (wasJoined) c.api.invoke('LeaveGroup', c.gid).catch(() => {});
    notify(c.listener, 'onGroupDeleted');
    notify(c.listener, 'onCallEnded', 'deleted', null);
  });
}
