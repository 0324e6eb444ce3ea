// Files and images in the agent console: an attach button and drag-and-drop on the composer,
// upload with progress, attachments in the timeline (images as thumbnails with a preview, other
// files as download links). The console calls in at three places: attachFiles() once,
// drawAttachment() for every message it draws, and the send function it hands over.

import { root } from './api.js';

const TEXTS = {
  'zh-CN': {
    attach: '发送文件或图片',
    drop: '松开即可发送文件',
    uploading: '正在上传 {name}… {p}%',
    tooLarge: '文件太大了：{message}',
    refused: '不支持这种文件。可以发送图片（PNG、JPEG、GIF、WebP）、PDF、文本、Office 文档和 ZIP。',
    failed: '文件上传失败：{message}',
    preview: '查看大图',
    closePreview: '关闭',
    download: '下载 {name}',
  },
  en: {
    attach: 'Send a file or image',
    drop: 'Drop to send the file',
    uploading: 'Uploading {name}… {p}%',
    tooLarge: 'That file is too large: {message}',
    refused: 'That kind of file is not accepted. Images (PNG, JPEG, GIF, WebP), PDF, text, Office documents and ZIP are.',
    failed: 'The file could not be uploaded: {message}',
    preview: 'View full size',
    closePreview: 'Close',
    download: 'Download {name}',
  },
};

const IMAGE = /^image\/(png|jpeg|gif|webp)$/;

let lang = 'en';

function t(key, vars = {}) {
  let text = (TEXTS[lang] || TEXTS.en)[key];
  for (const [name, value] of Object.entries(vars)) {
    text = text.split(`{${name}}`).join(String(value));
  }
  return text;
}

/** Where a file is downloaded: the msg frame's url is relative to the application's root. */
export function fileAddress(file) {
  return new URL(`api/v1/files/${encodeURIComponent(file.id)}`, root).href;
}

function sizeText(bytes) {
  if (bytes >= 1048576) {
    return `${(bytes / 1048576).toFixed(1)} MB`;
  }
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`;
}

/**
 * Wires the composer: `active()` is the open conversation (or null), `send(file)` sends an
 * uploaded file as a message, `error(text)` shows a problem under the reply box.
 */
export function attachFiles({ texts, active, send, error }) {
  lang = texts.lang;
  const composer = document.querySelector('[data-role="composer"]');
  const bar = composer.querySelector('.composer__bar');
  const input = document.createElement('input');
  input.type = 'file';
  input.hidden = true;
  input.dataset.kf = 'file-input';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button button--quiet composer__attach';
  button.dataset.kf = 'attach';
  button.title = t('attach');
  button.setAttribute('aria-label', t('attach'));
  button.innerHTML =
    '<svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8"/></svg>';
  const progress = document.createElement('span');
  progress.className = 'composer__upload';
  progress.dataset.kf = 'upload-progress';
  progress.setAttribute('role', 'status');
  progress.hidden = true;
  bar.prepend(button, input, progress);

  let busy = false;
  const upload = (file) => {
    const conversation = active();
    if (!file || busy || !conversation || !conversation.isOpen) {
      return;
    }
    busy = true;
    button.disabled = true;
    error(null);
    progress.hidden = false;
    progress.textContent = t('uploading', { name: file.name, p: 0 });
    const xhr = new XMLHttpRequest();
    const url = new URL('api/v1/files', root);
    url.searchParams.set('conversationId', conversation.id);
    url.searchParams.set('name', file.name || 'file');
    xhr.open('POST', url.href);
    xhr.withCredentials = true;
    // Proof for the cross-site request guard, as every call of the console.
    xhr.setRequestHeader('X-Kefu-CSRF', '1');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) {
        progress.textContent = t('uploading', { name: file.name, p: Math.floor((event.loaded * 100) / event.total) });
      }
    };
    xhr.onloadend = () => {
      busy = false;
      button.disabled = false;
      progress.hidden = true;
      let answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: the status says enough.
      }
      if (xhr.status === 201 && answer && answer.id) {
        send(conversation.id, answer);
      } else if (xhr.status === 413) {
        error(t('tooLarge', { message: (answer && answer.message) || '413' }));
      } else if (xhr.status === 415) {
        error(t('refused'));
      } else {
        error(t('failed', { message: (answer && answer.message) || `HTTP ${xhr.status || '—'}` }));
      }
    };
    xhr.send(file);
  };

  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const [file] = input.files;
    input.value = '';
    upload(file);
  });
  const pane = composer.closest('.pane') || composer;
  pane.addEventListener('dragover', (event) => {
    if (event.dataTransfer && [...event.dataTransfer.types].includes('Files') && active()) {
      event.preventDefault();
      pane.classList.add('is-dropping');
      composer.dataset.drop = t('drop');
    }
  });
  pane.addEventListener('dragleave', (event) => {
    if (!pane.contains(event.relatedTarget)) {
      pane.classList.remove('is-dropping');
    }
  });
  pane.addEventListener('drop', (event) => {
    pane.classList.remove('is-dropping');
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) {
      event.preventDefault();
      upload(file);
    }
  });
}

/** Shows an image at full size over the console; a click or Escape closes it. */
function preview(file) {
  let dialog = document.querySelector('dialog.file-preview');
  if (!dialog) {
    dialog = document.createElement('dialog');
    dialog.className = 'file-preview';
    dialog.dataset.kf = 'image-preview';
    dialog.addEventListener('click', () => dialog.close());
    document.body.append(dialog);
  }
  dialog.textContent = '';
  const img = document.createElement('img');
  img.src = fileAddress(file);
  img.alt = file.name;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'button file-preview__close';
  close.textContent = t('closePreview');
  dialog.append(img, close);
  dialog.showModal();
}

/**
 * Draws a message's attachment below its bubble (nothing when it has none); a message that is
 * only a file shows no empty bubble.
 */
export function drawAttachment(node, item) {
  const file = item.file || null;
  const { bubble } = node.parts;
  bubble.hidden = Boolean(file) && !item.text;
  let holder = node.querySelector(':scope > .msg__file');
  const id = file ? file.id : '';
  if (holder && holder.dataset.file === id) {
    return;
  }
  if (!holder) {
    holder = document.createElement('div');
    holder.className = 'msg__file';
    bubble.after(holder);
  }
  holder.dataset.file = id;
  holder.textContent = '';
  holder.hidden = !file;
  if (!file) {
    return;
  }
  if (IMAGE.test(file.contentType)) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'msg__thumb';
    button.title = t('preview');
    const img = document.createElement('img');
    img.src = fileAddress(file);
    img.alt = file.name;
    img.dataset.kf = 'image';
    img.loading = 'lazy';
    button.append(img);
    button.addEventListener('click', () => preview(file));
    holder.append(button);
    return;
  }
  const link = document.createElement('a');
  link.href = fileAddress(file);
  link.download = file.name;
  link.className = 'msg__download';
  link.dataset.kf = 'file';
  link.title = t('download', { name: file.name });
  link.textContent = `${file.name} · ${sizeText(Number(file.size) || 0)}`;
  holder.append(link);
}
