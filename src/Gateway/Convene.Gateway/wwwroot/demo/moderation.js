// The demo page's moderation: everyone can raise a hand; a moderator (admin rights) gets a panel with the members
// and controls: mute, mute all but me, remove from the call, let publish / revoke, end the call. Hooked in by app.js.

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/**
 * Adds the moderation controls for `group` (a joined GroupCall) to the page. `ui.showError(e)` shows an error;
 * `ui.onCallEnded(reason, by)` is called when this user's call is over.
 */
export function setupModeration(group, ui) {
  document.head.append(el('link', { rel: 'stylesheet', href: '/demo/moderation.css' }));
  const raise = el('button', { id: 'raise-hand', type: 'button', textContent: 'Raise hand' });
  $('leave').before(raise);
  const ended = el('p', { id: 'call-ended', role: 'status' });
  $('videos').before(ended);
  let raised = false;
  raise.addEventListener('click', () => run(async () => {
    // The wanted state, not a toggle: our own OnRaiseHand may arrive before the call returns and set it already.
    const want = !raised;
    await group.raiseHand(want);
    raised = want;
    raise.classList.toggle('raised', raised);
    raise.textContent = raised ? 'Lower hand' : 'Raise hand';
  }));

  const moderator = group.canModerate('modify') || group.canModerate('adduser') || group.canModerate('remuser');
  const members = el('ul', { id: 'members' });
  if (moderator) {
    const panel = el('section', { className: 'panel', id: 'moderation' },
      el('h2', { textContent: 'Moderation' }),
      el('div', { className: 'moderation-tools' },
        button('mute-all', 'Mute all but me', () => group.muteAllButMe(true, true)),
        button('end-call', 'End call for everyone', () => group.endCall())),
      members);
    $('participants').closest('.panel').after(panel);
    refreshMembers();
  }

  function run(action) {
    return action().then(() => ui.showError(null)).catch((e) => ui.showError(e));
  }

  function button(id, text, action) {
    const b = el('button', { type: 'button', textContent: text });
    if (id) b.id = id;
    b.addEventListener('click', () => run(action));
    return b;
  }

  /** The members with per-member controls (moderators only). */
  async function refreshMembers() {
    if (!moderator) return;
    let list;
    try {
      list = await group.getMembers(0, 200);
    } catch (e) {
      ui.showError(e);
      return;
    }
    const hands = new Set(group.getRaisedHands());
    members.replaceChildren(...list.filter((m) => m.address !== group.api.address).map((m) => {
      const li = el('li', { className: hands.has(m.address) ? 'hand' : '' }, el('span', { className: 'who', textContent: m.address }));
      li.dataset.address = m.address;
      const canPub = m.permissions.pub;
      li.append(
        button(null, 'Mute', () => group.muteParticipant(m.address, true, true)),
        button(null, 'Remove from call', () => group.removeFromCall(m.address)),
        button(null, canPub ? 'Revoke publish' : 'Let publish', async () => {
          await group.allowPublish(m.address, !canPub);
          await refreshMembers();
        }));
      li.querySelectorAll('button').forEach((b, i) => { b.className = ['mute', 'remove', 'publish'][i]; });
      return li;
    }));
  }

  function markHands() {
    const hands = new Set(group.getRaisedHands());
    for (const li of document.querySelectorAll('#members li, #participants li')) {
      li.classList.toggle('hand', hands.has(li.dataset.address));
    }
  }

  // Wrap the page's group listener: its callbacks stay, moderation's are added.
  const base = group.listener || {};
  group.setListener({
    ...base,
    onRaiseHand(address, up) {
      markHands();
      if (address === group.api.address) {
        raised = up;
        raise.classList.toggle('raised', up);
        raise.textContent = up ? 'Lower hand' : 'Raise hand';
      }
      base.onRaiseHand?.(address, up);
    },
    onMemberChanged(access) {
      $('publish-camera').disabled = !access.canPublish;
      $('publish-screen').disabled = !access.canPublish;
      $('chat-send').disabled = !access.canSend;
      base.onMemberChanged?.(access);
    },
    onModeratorMute(p, by) {
      ended.textContent = `${by} muted your ${p.getMuteStatus().audio ? 'microphone' : 'camera'}`;
      base.onModeratorMute?.(p, by);
    },
    onCallEnded(reason, by) {
      const why = { removed: `${by || 'A moderator'} removed you from the call`, ended: `${by || 'A moderator'} ended the call`, maxdur: 'The call reached its maximum duration', deleted: 'The group was deleted' };
      ended.textContent = why[reason] || `The call ended (${reason})`;
      for (const id of ['publish-camera', 'publish-screen', 'mute-audio', 'mute-video', 'raise-hand', 'mute-all', 'end-call']) {
        if ($(id)) $(id).disabled = true;
      }
      ui.onCallEnded?.(reason, by);
      base.onCallEnded?.(reason, by);
    },
    onPublisher(p, joined) {
      base.onPublisher?.(p, joined);
      markHands();
    },
  });
  markHands();
  return { refreshMembers };
}
