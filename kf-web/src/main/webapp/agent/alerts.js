// Getting the agent's attention: a short chime made with WebAudio (no sound files), a desktop
// notification while the tab is hidden, and the unread count in the tab's title.

let audio = null;
let muted = false;

const MUTE_KEY = 'kefu:muted';

/** The agent's choice to hear no chime; kept in the browser across reloads. */
export function isMuted() {
  try {
    muted = localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    // Kept in memory only.
  }
  return muted;
}

export function setMuted(value) {
  muted = Boolean(value);
  try {
    localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
  } catch {
    // Kept in memory only.
  }
}

/**
 * Browsers let a page make sound only after the user has interacted with it, so the audio
 * context is made (or resumed) on the first click or key press.
 */
export function unlockSoundOnFirstGesture() {
  const unlock = () => {
    try {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) {
        return;
      }
      audio = audio || new Context();
      if (audio.state === 'suspended') {
        audio.resume();
      }
    } catch {
      audio = null;
    }
  };
  window.addEventListener('pointerdown', unlock, { capture: true });
  window.addEventListener('keydown', unlock, { capture: true });
}

function tone(frequency, start, length, volume) {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = 'sine';
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(volume, start + 0.015);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(start);
  oscillator.stop(start + length + 0.02);
}

/** "conversation": a rising two-note chime; "message": one soft note. */
export function chime(kind) {
  if (muted || !audio || audio.state !== 'running') {
    return;
  }
  const now = audio.currentTime + 0.01;
  if (kind === 'conversation') {
    tone(784, now, 0.18, 0.18);
    tone(1175, now + 0.14, 0.32, 0.16);
  } else {
    tone(880, now, 0.16, 0.08);
  }
}

/** Asks for permission to notify; call it from a user gesture (browsers ignore it otherwise). */
export function askNotificationPermission() {
  if ('Notification' in window && Notification.permission === 'default') {
    try {
      Notification.requestPermission();
    } catch {
      // Old browsers want a callback; they simply will not notify.
    }
  }
}

/** A desktop notification, only while the console is not in sight or another window has focus. */
export function notify(title, body, tag, onClick) {
  const away = document.hidden || !document.hasFocus();
  if (!away || !('Notification' in window) || Notification.permission !== 'granted') {
    return;
  }
  try {
    const notification = new Notification(title, { body, tag, renotify: true });
    notification.onclick = () => {
      window.focus();
      notification.close();
      onClick();
    };
  } catch {
    // Some platforms allow notifications only from a service worker; the chime still sounds.
  }
}
