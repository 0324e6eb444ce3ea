/*
 * Kefu visitor chat widget.
 *
 *   <script async src="https://kefu.example.com/widget.js" data-site="SITE_KEY"></script>
 *
 * Self-contained on purpose: it runs on customers' pages, so it brings no framework, no fonts
 * and no images, draws everything inside a Shadow DOM, and adds exactly one global, window.Kefu.
 * It speaks the visitor side of the Kefu wire protocol, version 1 (docs/protocol.md).
 */
(function () {
  'use strict';

  if (window.Kefu && window.Kefu.version) {
    return; // the tag was included twice; the first copy already runs
  }

  var MAX_TEXT = 4000;
  // The server closes a socket with 1009 above 16 KiB; stay clear of it with the JSON around.
  var MAX_FRAME_BYTES = 16000;
  var HISTORY_CAP = 200;
  var PING_EVERY = 25000;
  var SILENCE_IS_DEAD = 60000;
  var CONNECT_TIMEOUT = 15000;
  var TYPING_EVERY = 3000;
  var TYPING_IDLE = 3000;
  var TYPING_SHOWN = 6000;
  var BACKOFF_CAP = 30000;

  var script = document.currentScript || findOwnScript();
  if (!script || !script.getAttribute('data-site')) {
    if (window.console) console.warn('Kefu: widget.js needs data-site="<site key>" on its script tag');
    return;
  }

  function findOwnScript() {
    var tags = document.querySelectorAll('script[data-site]');
    for (var i = 0; i < tags.length; i++) {
      if (/\/widget\.js([?#].*)?$/.test(tags[i].src)) return tags[i];
    }
    return null;
  }

  function attr(name) {
    var value = script.getAttribute('data-' + name);
    return value == null || value === '' ? null : value;
  }

  var siteKey = attr('site');
  var src = new URL(script.src, location.href);
  var base = src.origin + src.pathname.replace(/\/widget\.js$/, '');
  var socketUrl =
    (src.protocol === 'https:' ? 'wss://' : 'ws://') + src.host +
    src.pathname.replace(/\/widget\.js$/, '') + '/ws/visitor?site=' + encodeURIComponent(siteKey);

  var lang = attr('lang') || navigator.language || 'en';
  lang = /^zh/i.test(lang) ? 'zh-CN' : 'en';

  var identity = null;
  if (attr('user-id')) {
    identity = {
      userId: attr('user-id'),
      name: attr('user-name'),
      email: attr('user-email'),
      ts: attr('user-ts') ? Number(attr('user-ts')) : null,
      hash: attr('user-hash')
    };
  }

  // ---------------------------------------------------------------- texts

  var TEXTS = {
    'zh-CN': {
      title: '联系客服',
      online: '在线 · 通常几分钟内回复',
      away: '客服暂时不在线',
      hello: '我们随时为您服务',
      openChat: '打开在线客服',
      closeChat: '收起在线客服',
      minimise: '最小化',
      unread: '{n} 条未读消息',
      offline: '客服暂时不在线。请留言，我们上线后会尽快回复您。',
      notAvailable: '抱歉，在线客服暂时无法使用。',
      connecting: '正在连接…',
      reconnecting: '网络连接中断，正在重新连接…',
      placeholder: '输入消息…',
      inputLabel: '消息',
      send: '发送',
      sending: '发送中…',
      read: '已读',
      failed: '未发送',
      tooLong: '消息太长了（最多 4000 个字符），请分几条发送。',
      queue: '您当前排在第 {n} 位，预计等待约 {m} 分钟',
      queueAway: '您当前排在第 {n} 位，客服上线后会尽快接待您',
      assigned: '{name} 正在为您服务',
      typing: '{name} 正在输入…',
      ended: '对话已结束',
      startNew: '开始新的对话',
      agent: '客服',
      bot: '机器人',
      messages: '聊天记录',
      attach: '发送文件或图片',
      uploading: '正在上传 {name}… {p}%',
      fileTooLarge: '文件太大了（最大 {max}）。',
      fileRefused: '不支持这种文件。可以发送图片（PNG、JPEG、GIF、WebP）、PDF、文本、Office 文档和 ZIP。',
      uploadFailed: '文件上传失败，请重试。',
      image: '图片',
      download: '下载 {name}',
      prechatTitle: '开始对话前，请留下您的信息',
      name: '姓名',
      email: '邮箱',
      phone: '电话',
      department: '咨询部门',
      deptOffline: '{name}（离线）',
      startChat: '开始对话',
      leaveTitle: '给我们留言',
      contact: '邮箱或电话',
      leaveText: '留言内容',
      leaveSend: '提交留言',
      leaveThanks: '留言已收到，我们会尽快通过您留下的联系方式回复您。',
      badContact: '请只填写一个邮箱地址或一个电话号码。',
      rateTitle: '请为本次服务评分',
      star: '{n} 星',
      rateComment: '还有什么想告诉我们的吗？（选填）',
      rateSend: '提交评价',
      rated: '感谢您的评价！',
      transcript: '下载聊天记录',
      transcriptFailed: '聊天记录下载失败，请重试。',
      transcriptBusy: '聊天记录正在下载或服务器繁忙，请稍后再试。',
      blocked: '您暂时无法使用在线咨询。',
      refused: '消息包含不允许发送的内容，未发送。',
      invited: '{name} 邀请您对话：',
      inviteText: '您好，有什么可以帮您的吗？',
      required: '请填写此项。',
      badEmail: '请填写正确的邮箱地址，例如 name@example.com。',
      badPhone: '请填写正确的电话号码（数字、空格和 + ( ) -）。',
      badField: '此项填写有误，请检查。',
      tooLongField: '内容太长了（最多 4000 个字符）。',
      greetingDefault: '您好！请问有什么可以帮您？',
      startHint: '请在下方输入您的问题，发送后客服会尽快回复您。',
      leftBanner: '留言已发送。我们会尽快通过您留下的联系方式回复您。',
      proactiveOpen: '打开对话',
      proactiveDismiss: '关闭提示',
      errors: {
        rate_limited: '发送太频繁了，请稍候，消息会自动重新发送。',
        bad_request: '消息无法发送，请检查内容后重试。',
        unavailable: '服务器暂时无法处理，请稍后再试。',
        not_found: '找不到这段对话，它可能已经结束。',
        conversation_closed: '对话已结束，无法继续发送。请开始新的对话。',
        unauthorized: '您的会话已过期，请刷新页面后重试。',
        forbidden: '您没有权限进行此操作。',
        message_refused: '消息包含不允许发送的内容，未发送。',
        too_large: '内容太大了，无法发送。',
        payload_too_large: '内容太大了，无法发送。',
        file_too_large: '文件太大了。',
        file_type_refused: '不支持这种文件。',
        too_many_requests: '操作太频繁了，请稍后再试。',
        busy: '服务器繁忙，请稍后再试。',
        blocked: '您暂时无法使用在线咨询。',
        tenant_suspended: '抱歉，在线客服暂时无法使用。',
        generic: '出了点问题，请稍后再试。'
      }
    },
    en: {
      title: 'Chat with us',
      online: 'Online · we reply in a few minutes',
      away: 'We are away right now',
      hello: 'We are here to help',
      openChat: 'Open chat',
      closeChat: 'Close chat',
      minimise: 'Minimise',
      unread: '{n} unread messages',
      offline: "Our agents are offline. Leave a message and we'll answer when we're back.",
      notAvailable: 'Sorry, chat is not available at the moment.',
      connecting: 'Connecting…',
      reconnecting: 'Connection lost. Reconnecting…',
      placeholder: 'Type a message…',
      inputLabel: 'Message',
      send: 'Send',
      sending: 'Sending…',
      read: 'Read',
      failed: 'Not sent',
      tooLong: 'That message is too long (at most 4000 characters). Please split it up.',
      queue: 'You are number {n} in the queue, about {m} min',
      queueAway: 'You are number {n} in the queue; an agent will answer as soon as one is back',
      assigned: '{name} is now serving you',
      typing: '{name} is typing…',
      ended: 'The conversation has ended',
      startNew: 'Start a new conversation',
      agent: 'Agent',
      bot: 'Bot',
      messages: 'Chat messages',
      attach: 'Send a file or image',
      uploading: 'Uploading {name}… {p}%',
      fileTooLarge: 'That file is too large (at most {max}).',
      fileRefused: 'That kind of file is not accepted. Images (PNG, JPEG, GIF, WebP), PDF, text, Office documents and ZIP are.',
      uploadFailed: 'The file could not be uploaded. Please try again.',
      image: 'Image',
      download: 'Download {name}',
      prechatTitle: 'Before we start, please tell us who you are',
      name: 'Name',
      email: 'Email',
      phone: 'Phone',
      department: 'Department',
      deptOffline: '{name} (offline)',
      startChat: 'Start chat',
      leaveTitle: 'Leave us a message',
      contact: 'Email or phone',
      leaveText: 'Message',
      leaveSend: 'Send message',
      leaveThanks: "Thanks! We got your message and will get back to you soon.",
      badContact: 'Please enter one email address or one phone number, nothing more.',
      rateTitle: 'How was this chat?',
      star: '{n} stars',
      rateComment: 'Anything else to tell us? (optional)',
      rateSend: 'Send rating',
      rated: 'Thank you for your rating!',
      transcript: 'Download transcript',
      transcriptFailed: 'The transcript could not be downloaded. Please try again.',
      transcriptBusy: 'The transcript is already downloading, or the server is busy. Please try again shortly.',
      blocked: 'This chat is not available to you.',
      refused: 'The message contains words that may not be sent here; it was not sent.',
      invited: '{name} invites you to chat: ',
      inviteText: 'Hello, can I help you with anything?',
      required: 'Please fill this in.',
      badEmail: 'Please enter a valid email address, such as name@example.com.',
      badPhone: 'Please enter a valid phone number (digits, spaces and + ( ) -).',
      badField: 'This does not look right; please check it.',
      tooLongField: 'That is too long (at most 4000 characters).',
      greetingDefault: 'Hello! How can we help you?',
      startHint: 'Type your question below; an agent will answer as soon as possible.',
      leftBanner: 'Your message was sent. We will answer through the contact you left as soon as we can.',
      proactiveOpen: 'Open the chat',
      proactiveDismiss: 'Dismiss',
      errors: {
        rate_limited: 'You are sending too fast; your message will be sent again in a moment.',
        bad_request: 'The message could not be sent. Please check it and try again.',
        unavailable: 'The server cannot handle this right now. Please try again shortly.',
        not_found: 'This conversation could not be found; it may have ended.',
        conversation_closed: 'This conversation has ended. Please start a new one.',
        unauthorized: 'Your session has expired. Please reload the page and try again.',
        forbidden: 'You may not do that here.',
        message_refused: 'The message contains words that may not be sent here; it was not sent.',
        too_large: 'That is too large to send.',
        payload_too_large: 'That is too large to send.',
        file_too_large: 'That file is too large.',
        file_type_refused: 'That kind of file is not accepted.',
        too_many_requests: 'Too many requests. Please try again shortly.',
        busy: 'The server is busy. Please try again shortly.',
        blocked: 'This chat is not available to you.',
        tenant_suspended: 'Sorry, chat is not available at the moment.',
        generic: 'Something went wrong. Please try again shortly.'
      }
    }
  };

  function t(key, vars) {
    var text = TEXTS[lang][key];
    for (var name in vars || {}) text = text.split('{' + name + '}').join(vars[name]);
    return text;
  }

  /**
   * What an error code of the server means, in the page's language: the server's own message is
   * English and for developers, so the visitor reads the widget's words, or a generic line for a
   * code this version does not know.
   */
  function errorText(code) {
    var errors = TEXTS[lang].errors;
    return Object.prototype.hasOwnProperty.call(errors, code) ? errors[code] : errors.generic;
  }

  // ---------------------------------------------------------------- storage

  // localStorage is shared by the site's tabs, so every change reads the current value first.
  // Where it is unavailable (blocked cookies, some private modes), a map keeps this tab working.
  var memory = {};
  var store = {
    key: function (name) { return 'kefu:' + siteKey + ':' + name; },
    get: function (name, fallback) {
      var raw;
      try { raw = localStorage.getItem(this.key(name)); } catch (e) { raw = memory[name]; }
      if (raw == null) return fallback;
      try { return JSON.parse(raw); } catch (e) { return fallback; }
    },
    set: function (name, value) {
      var raw = JSON.stringify(value);
      memory[name] = raw;
      try { localStorage.setItem(this.key(name), raw); return true; } catch (e) { return false; }
    },
    remove: function (name) {
      delete memory[name];
      try { localStorage.removeItem(this.key(name)); } catch (e) { /* this page's map only */ }
    }
  };

  /**
   * Whether the panel is open, per site and per tab (sessionStorage): a reload, or the next page of
   * the same visit, shows the panel as the visitor left it; another tab keeps its own.
   */
  var panelMemory = {
    key: store.key('open'),
    get: function () {
      try { return sessionStorage.getItem(this.key) === '1'; } catch (e) { return false; }
    },
    set: function (open) {
      try { sessionStorage.setItem(this.key, open ? '1' : '0'); } catch (e) { /* this page only */ }
    }
  };

  /** Per-site state: the current conversation, who serves it, what has ended, what was read. */
  function loadState() {
    var s = store.get('state', null) || {};
    s.ended = s.ended || {};
    s.read = s.read || {};
    s.unread = s.unread || 0;
    s.rated = s.rated || {};
    return s;
  }
  function changeState(change) {
    var s = loadState();
    change(s);
    store.set('state', s);
    return s;
  }

  /** The messages the visitor has seen, oldest first, conversation by conversation. */
  function storedMessages() { return store.get('history', []); }

  function maxSeq(conversationId) {
    var h = storedMessages(), max = 0;
    for (var i = 0; i < h.length; i++) {
      if (h[i].conversationId === conversationId && h[i].seq > max) max = h[i].seq;
    }
    return max;
  }

  /**
   * The seq up to which this tab has every message of the conversation, from the oldest it keeps:
   * what it resumes from. Seqs go up by exactly one, so a message that never arrived (a node
   * stopped between committing it and passing it on) is a gap below the highest seq, and resuming
   * from the highest would skip it for good; the replay of what follows is deduplicated by seq.
   */
  function contiguousSeq(conversationId) {
    var h = storedMessages(), seqs = [];
    for (var i = 0; i < h.length; i++) {
      if (h[i].conversationId === conversationId) seqs.push(h[i].seq);
    }
    if (!seqs.length) return 0;
    seqs.sort(function (a, b) { return a - b; });
    var last = seqs[0];
    for (i = 1; i < seqs.length && seqs[i] === last + 1; i++) last = seqs[i];
    // History starts at seq 1: a first message this tab never got is a gap too.
    return seqs[0] === 1 || h.length >= HISTORY_CAP ? last : 0;
  }

  /** Adds messages not seen before (by conversation and seq); answers how many were new. */
  function remember(messages) {
    var h = storedMessages(), seen = {}, added = 0;
    for (var i = 0; i < h.length; i++) seen[h[i].conversationId + '#' + h[i].seq] = true;
    for (i = 0; i < messages.length; i++) {
      var m = messages[i], k = m.conversationId + '#' + m.seq;
      if (!seen[k]) { seen[k] = true; h.push(m); added++; }
    }
    if (!added) return 0;
    // Conversations keep the order in which they first appeared; messages within by seq.
    var order = {};
    for (i = 0; i < h.length; i++) {
      if (!(h[i].conversationId in order)) order[h[i].conversationId] = i;
    }
    h.sort(function (a, b) {
      return order[a.conversationId] - order[b.conversationId] || a.seq - b.seq;
    });
    if (h.length > HISTORY_CAP) h = h.slice(h.length - HISTORY_CAP);
    if (!store.set('history', h)) store.set('history', h.slice(h.length - 50));
    return added;
  }

  /** Messages written but not acknowledged yet; they survive reloads and are sent again. */
  function outbox() { return store.get('outbox', []); }
  function dropFromOutbox(clientMsgId) {
    var o = outbox(), found = null;
    for (var i = 0; i < o.length; i++) {
      if (o[i].clientMsgId === clientMsgId) { found = o[i]; o.splice(i, 1); break; }
    }
    if (found) store.set('outbox', o);
    return found;
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(b);
    else for (var i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var hex = '';
    for (i = 0; i < 16; i++) hex += (b[i] + 256).toString(16).slice(1);
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' +
      hex.slice(16, 20) + '-' + hex.slice(20);
  }

  function utf8Length(text) {
    return window.TextEncoder ? new TextEncoder().encode(text).length : unescape(encodeURIComponent(text)).length;
  }

  // ---------------------------------------------------------------- connection

  var ws = null;
  var welcomed = false;
  var everWelcomed = false;
  var attempt = 0;
  var retryTimer = 0;
  var connectTimer = 0;
  var lastFrameAt = 0;
  var pingAt = 0;
  var resumedId = null;
  var resyncing = false; // a resync was made; not again until a welcome needs none
  var resyncNow = false;
  var suspended = false; // the page is going into the back/forward cache
  var blocked = false; // the site turned this visitor away (error blocked): never reconnect
  var refusedForGood = false; // the service refused this site (its tenant is suspended)
  var sentHere = {}; // clientMsgId -> true once sent on the current socket
  var pumpTimer = 0;
  var readSent = {}; // conversationId -> seq told to the server on this socket
  var pageDue = false;
  var lastUrl = location.href;

  // The server allows 20 frames per 10 s per socket and closes after three refusals; a bucket a
  // little smaller keeps a long outbox, typing and read receipts below that together.
  var bucket = { tokens: 16, at: Date.now() };
  function takeToken(reserve) {
    var now = Date.now();
    bucket.tokens = Math.min(16, bucket.tokens + (now - bucket.at) * 0.0016);
    bucket.at = now;
    if (bucket.tokens < 1 + (reserve || 0)) return false;
    bucket.tokens -= 1;
    return true;
  }

  function connected() { return welcomed && ws && ws.readyState === 1; }

  function out(frame) {
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(frame));
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    if (ws || suspended) return;
    welcomed = false;
    sentHere = {};
    readSent = {};
    setConnection(everWelcomed ? 'reconnecting' : 'connecting');
    var socket;
    try {
      socket = new WebSocket(socketUrl);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    ws = socket;
    lastFrameAt = Date.now();
    pingAt = 0;
    connectTimer = setTimeout(function () {
      if (ws === socket && !welcomed) drop(socket);
    }, CONNECT_TIMEOUT);
    socket.onopen = function () {
      if (ws === socket) hello();
    };
    socket.onmessage = function (event) {
      if (ws !== socket) return;
      lastFrameAt = Date.now();
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame && typeof frame.type === 'string') receive(frame);
    };
    socket.onclose = function (event) {
      if (ws !== socket) return;
      ws = null;
      if (event.reason === 'erased') {
        forgetVisitor();
        resyncNow = true; // at once, as the new visitor this browser now is
      }
      lost(event.code);
    };
    socket.onerror = function () {
      // onclose follows and decides what to do.
    };
  }

  /**
   * The site erased this visitor's data at their request: this browser forgets it too (the
   * conversations, unsent messages, the token) and comes back, if at all, as a new visitor.
   */
  function forgetVisitor() {
    ['history', 'outbox', 'state', 'token'].forEach(function (name) { store.remove(name); });
    failed = [];
    sentHere = {};
    inFlight = {};
    render();
  }

  /** Abandons a socket that stopped answering and starts over. */
  function drop(socket) {
    socket.onclose = socket.onmessage = socket.onopen = null;
    try { socket.close(); } catch (e) { /* already closing */ }
    if (ws === socket) {
      ws = null;
      lost(0);
    }
  }

  function lost(code) {
    clearTimeout(connectTimer);
    welcomed = false;
    setConnection(everWelcomed ? 'reconnecting' : 'connecting');
    showTyping(false);
    if (suspended || refusedForGood) return;
    if (resyncNow) {
      resyncNow = false;
      connect();
      return;
    }
    if (blocked) return; // turned away: reconnecting would only be refused again
    if (code === 1008) attempt = Math.max(attempt, 3); // refused by policy: do not hammer
    if (code === 1009) dropOversized();
    scheduleReconnect();
  }

  function scheduleReconnect() {
    if (retryTimer) return;
    var delay = Math.min(BACKOFF_CAP, 1000 * Math.pow(2, attempt));
    delay = delay * (0.8 + Math.random() * 0.4);
    attempt++;
    retryTimer = setTimeout(function () {
      retryTimer = 0;
      connect();
    }, delay);
  }

  /** Reconnects now rather than at the end of the back-off, when there is reason to hope. */
  function reconnectNow() {
    if (!ws && !suspended) connect();
  }

  function hello() {
    var s = loadState();
    var frame = {
      type: 'hello',
      protocol: 1,
      visitorToken: store.get('token', null),
      page: { url: location.href, title: document.title, referrer: document.referrer || null },
      locale: lang
    };
    if (identity) frame.identity = identity;
    var h = storedMessages();
    resumedId = s.conversationId || (h.length ? h[h.length - 1].conversationId : null);
    if (resumedId) frame.resume = { conversationId: resumedId, lastSeq: contiguousSeq(resumedId) };
    lastUrl = location.href;
    pageDue = false;
    out(frame);
  }

  function receive(f) {
    switch (f.type) {
      case 'welcome': return onWelcome(f);
      case 'ack': return onAck(f);
      case 'msg': return onMsg(f);
      case 'queue': return onQueue(f);
      case 'assigned': return onAssigned(f);
      case 'typing': return onTyping(f);
      case 'read': return onRead(f);
      case 'closed': return onClosed(f);
      case 'error': return onError(f);
      case 'rated': return onRated(f);
      case 'message_left': return onMessageLeft(f);
      case 'invite': return onInvite(f);
      case 'availability': return onAvailability(f);
      default: return; // pong and types this version does not know
    }
  }

  function onWelcome(f) {
    clearTimeout(connectTimer);
    if (f.visitorToken) store.set('token', f.visitorToken);
    var c = f.conversation;
    var s = changeState(function (s) {
      if (s.visitorId && f.visitorId && s.visitorId !== f.visitorId) {
        // The server did not recognise this browser any more: what it knew is out of reach.
        endConversation(s, s.conversationId);
      }
      s.visitorId = f.visitorId;
      s.greeting = f.greeting || '';
      s.online = f.online !== false;
      s.settings = f.settings || null;
      s.departments = f.departments || null;
      // The thanks for a message left stays while nobody is there; once someone is, chat again.
      if (s.online) s.left = false;
      if (!c) {
        endConversation(s, s.conversationId);
      } else if (c.state === 'closed' || c.state === 'missed') {
        endConversation(s, c.id);
        if (s.conversationId === c.id) s.conversationId = null;
      } else {
        if (s.conversationId !== c.id) {
          endConversation(s, s.conversationId);
          s.conversationId = c.id;
        }
        delete s.ended[c.id];
      }
    });
    // A conversation with messages this tab never saw (another tab began it while this one was
    // away) is replayed by resuming it on a fresh socket, once.
    if (c && c.id !== resumedId && c.lastSeq > maxSeq(c.id) && !resyncing &&
        s.conversationId === c.id) {
      resyncing = resyncNow = true;
      drop(ws);
      return;
    }
    resyncing = false;
    welcomed = true;
    everWelcomed = true;
    attempt = 0;
    pingAt = Date.now();
    setConnection('open');
    applySettings(s.settings);
    render();
    pump();
    if (s.leaving) sendLeaving(s.leaving);
    scheduleProactive(s.settings);
  }

  /**
   * Whether anyone answers changed while the widget is open (the last agent went away, the first
   * came back, opening hours began or ended): the header, the offline hint and the forms follow.
   */
  function onAvailability(f) {
    if (typeof f.online !== 'boolean') return;
    changeState(function (s) {
      s.online = f.online;
      if (Array.isArray(f.departments)) s.departments = f.departments;
      // As after a welcome: the thanks for a message left stays while nobody is there.
      if (s.online) s.left = false;
    });
    render();
  }

  function endConversation(s, id) {
    if (!id) return;
    s.ended[id] = true;
    if (s.conversationId === id) s.conversationId = null;
    if (s.agent && s.agent.conversationId === id) s.agent = null;
    if (s.queue && s.queue.conversationId === id) s.queue = null;
  }

  /** A conversation this tab had not heard of is the visitor's new one: the old one is over. */
  function adopt(s, id) {
    if (s.conversationId !== id && !s.ended[id]) {
      endConversation(s, s.conversationId);
      s.conversationId = id;
    }
  }

  function onAck(f) {
    if (retryNotice) { retryNotice = false; showNotice(null); }
    var entry = dropFromOutbox(f.clientMsgId) || inFlight[f.clientMsgId];
    delete inFlight[f.clientMsgId];
    if (entry) {
      remember([{
        conversationId: f.conversationId, seq: f.seq, sender: { type: 'visitor', name: null },
        text: entry.text, at: f.at || entry.at, file: entry.file || null
      }]);
    }
    changeState(function (s) {
      adopt(s, f.conversationId);
      // The pre-chat answers went with the message that opened this conversation.
      if (s.prechat && s.prechat.sentWith === f.clientMsgId) {
        // The chat is the chosen department's now: whether it answers is what the header and the
        // queue's wait estimate go by, not welcome.online (the department without a choice).
        var chosen = s.prechat.departmentId;
        (s.departments || []).forEach(function (d) { if (d.id === chosen) s.online = d.online !== false; });
        s.prechat = null;
      }
    });
    render();
    if (entry) checkGap(f.conversationId);
  }

  /**
   * A gap that stays (a message that another node committed and never passed on) is filled by
   * resuming on a fresh socket, which replays from the last seq without a gap. A short wait first:
   * a message from another node may simply arrive after the acknowledgement of a later one. At
   * most once per GAP_RESYNC_MS.
   */
  var gapTimer = 0;
  var gapResyncAt = 0;
  var GAP_WAIT_MS = 3000;
  var GAP_RESYNC_MS = 15000;
  function checkGap(conversationId) {
    if (gapTimer || contiguousSeq(conversationId) >= maxSeq(conversationId)) return;
    gapTimer = setTimeout(function () {
      gapTimer = 0;
      var now = Date.now();
      if (contiguousSeq(conversationId) >= maxSeq(conversationId) || !connected()) return;
      if (now - gapResyncAt < GAP_RESYNC_MS) return;
      gapResyncAt = now;
      resyncNow = true;
      drop(ws);
    }, GAP_WAIT_MS);
  }

  function onMsg(f) {
    if (!f.conversationId || typeof f.seq !== 'number') return;
    var sender = f.sender || { type: 'system' };
    var added = remember([{
      conversationId: f.conversationId, seq: f.seq,
      sender: { type: sender.type, name: sender.name || null }, text: String(f.text || ''), at: f.at,
      file: fileOf(f.file)
    }]);
    var fromUs = sender.type === 'visitor';
    changeState(function (s) {
      adopt(s, f.conversationId);
      if (added && !fromUs && !(open && document.visibilityState === 'visible')) s.unread++;
    });
    if (!fromUs) showTyping(false);
    render();
    markRead();
    checkGap(f.conversationId);
  }

  function onQueue(f) {
    changeState(function (s) {
      adopt(s, f.conversationId);
      var after = s.queue && s.queue.conversationId === f.conversationId ? s.queue.after : maxSeq(f.conversationId);
      s.queue = {
        conversationId: f.conversationId, position: f.position,
        wait: f.estimatedWaitSeconds, after: after
      };
    });
    render();
  }

  function onAssigned(f) {
    changeState(function (s) {
      adopt(s, f.conversationId);
      s.queue = null;
      // An agent has taken the chat, so someone is here whatever welcome said.
      s.online = true;
      s.agent = {
        conversationId: f.conversationId,
        name: (f.agent && f.agent.name) || null,
        after: maxSeq(f.conversationId)
      };
    });
    render();
  }

  var typingTimer = 0;
  function onTyping(f) {
    var s = loadState();
    if (f.conversationId && s.conversationId && f.conversationId !== s.conversationId) return;
    showTyping(!!f.on);
  }

  function onRead(f) {
    changeState(function (s) {
      if ((s.read[f.conversationId] || 0) < f.seq) s.read[f.conversationId] = f.seq;
    });
    render();
  }

  function onClosed(f) {
    changeState(function (s) { endConversation(s, f.conversationId); });
    offerDismissed = false;
    showTyping(false);
    render();
  }

  var retryNotice = false; // the notice says that a refused-for-now message goes again
  var inFlight = {}; // clientMsgId -> outbox entry, for the ack of an entry another tab dropped
  var failed = []; // refused messages of this tab: shown, never sent again

  function onError(f) {
    if (f.code === 'blocked') {
      // Turned away for good: no reconnecting, no composer, only a polite line.
      blocked = true;
      render();
      return;
    }
    if (f.code === 'tenant_suspended') {
      // This service is switched off for now: say so once and stop knocking.
      refusedForGood = true;
      showNotice(t('notAvailable'));
      return;
    }
    var pending = null;
    if (f.ref) {
      var o = outbox();
      for (var i = 0; i < o.length; i++) if (o[i].clientMsgId === f.ref) pending = o[i];
    }
    if (f.code === 'rate_limited' || f.code === 'unavailable') {
      // Refused for now, not for good. A refusal by rate carries no ref: every unacknowledged
      // message may have been the one, and sending one twice is harmless.
      if (pending) delete sentHere[pending.clientMsgId];
      else if (f.code === 'rate_limited') sentHere = {};
      if (pending || outbox().length) {
        retryNotice = true;
        showNotice(errorText(f.code), 'progress');
      }
      bucket.tokens = 0;
      clearTimeout(pumpTimer);
      pumpTimer = setTimeout(pump, 5000);
      return;
    }
    var leaving = loadState().leaving;
    if (f.ref && leaving && leaving.clientMsgId === f.ref) {
      // Refused: the form comes back as the visitor filled it in, the refusal beside its field.
      changeState(function (s) {
        s.leaving = null;
        s.leaveDraft = { name: leaving.name, contact: leaving.contact, text: leaving.text, invalid: f.field || null };
      });
      if (f.field !== 'contact') showNotice(errorText(f.code));
      render();
      return;
    }
    if (!f.ref && rating && f.code === 'bad_request') {
      rating = null;
      showNotice(errorText(f.code));
    }
    if (pending) {
      var prechatField = typeof f.field === 'string' && f.field.indexOf('prechat.fields.') === 0
        ? f.field.slice('prechat.fields.'.length) : null;
      var carried = false;
      changeState(function (s) {
        if (s.prechat && s.prechat.sentWith === pending.clientMsgId) {
          carried = true;
          s.prechat = null;
          // The form comes back as filled in, the server's refusal beside the field it names.
          if (prechatField) s.prechatInvalid = prechatField;
        }
      });
      dropFromOutbox(pending.clientMsgId);
      if (carried && prechatField) {
        // Not a failed message: the visitor corrects the form, and the text waits in the input.
        if (ui && !ui.input.value) { ui.input.value = pending.text || ''; ui.send.disabled = !ui.input.value.trim(); }
        showNotice(null);
      } else {
        failed.push({ clientMsgId: pending.clientMsgId, text: pending.text, file: pending.file, at: pending.at, error: errorText(f.code) });
        if (f.code === 'message_refused') showNotice(t('refused'));
      }
      render();
    }
    // 'unauthorized' about the token or the identity needs nothing: welcome carries a new token.
  }

  /** Sends what is due, as fast as the frame budget allows: the outbox first, in order. */
  function pump() {
    clearTimeout(pumpTimer);
    pumpTimer = 0;
    if (!connected()) return;
    var o = outbox(), waiting = false;
    for (var i = 0; i < o.length; i++) {
      if (sentHere[o[i].clientMsgId]) continue;
      if (!takeToken(0)) { waiting = true; break; }
      sentHere[o[i].clientMsgId] = true;
      inFlight[o[i].clientMsgId] = o[i];
      var frame = { type: 'send', clientMsgId: o[i].clientMsgId, text: o[i].text };
      if (o[i].file) frame.fileId = o[i].file.id;
      var st = loadState();
      // The message that opens a conversation carries the pre-chat answers.
      if (!st.conversationId && st.prechat && (!st.prechat.sentWith || st.prechat.sentWith === o[i].clientMsgId)) {
        frame.prechat = { departmentId: st.prechat.departmentId || null, fields: st.prechat.fields };
        changeState(function (x) { if (x.prechat) x.prechat.sentWith = o[i].clientMsgId; });
      }
      out(frame);
    }
    if (!waiting && pageDue) {
      if (takeToken(2)) {
        pageDue = false;
        out({ type: 'page', url: location.href, title: document.title });
      } else waiting = true;
    }
    if (!waiting && readDue()) {
      if (takeToken(2)) sendRead();
      else waiting = true;
    }
    if (waiting) pumpTimer = setTimeout(pump, 700);
  }


  // ---------------------------------------------------------------- site settings, forms, rating

  var rating = null; // { conversationId, score } while the visitor picks stars

  /**
   * A member of staff invites the visitor: the panel opens with their greeting, in their name. On a
   * phone, where the panel fills the screen, a closed panel stays closed: the invitation shows in
   * the bubble beside the button, and a tap on it opens the chat, as the proactive greeting does.
   */
  function onInvite(f) {
    var s = loadState();
    if (s.conversationId || blocked) return;
    var name = (f.agent && f.agent.name) || t('agent');
    proactiveText = t('invited', { name: name }) + (f.text || t('inviteText'));
    invited = true;
    if (!open && isPhone()) showBubble(proactiveText);
    else openPanel();
  }

  function onRated(f) {
    changeState(function (s) { s.rated[f.conversationId] = f.score; });
    rating = null;
    render();
  }

  var gettingTranscript = false;
  /**
   * The transcript comes over HTTP, with the visitor's token in a header as files do, and becomes
   * a file the browser saves.
   */
  function downloadTranscript(id) {
    var token = store.get('token', null);
    if (!id || !token || gettingTranscript) return;
    gettingTranscript = true;
    fetch(base + '/api/v1/visitor/conversations/' + encodeURIComponent(id) + '/transcript?site=' +
      encodeURIComponent(siteKey) + '&locale=' + encodeURIComponent(lang) +
      (timeZone() ? '&timeZone=' + encodeURIComponent(timeZone()) : ''),
      { headers: { 'X-Kefu-Visitor': token }, credentials: 'omit' })
      .then(function (r) {
        if (!r.ok) throw r.status;
        var name = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '');
        return r.blob().then(function (b) { save(b, name ? name[1] : 'kefu-' + id + '.txt'); });
      })
      .catch(function (status) {
        showNotice(t(status === 429 || status === 503 ? 'transcriptBusy' : 'transcriptFailed'));
      })
      .then(function () { gettingTranscript = false; });
  }

  /** The visitor's IANA time zone (Asia/Shanghai), for the times in the transcript; null: unknown. */
  function timeZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el('a', { href: url, download: name });
    a.style.display = 'none';
    ui.root.appendChild(a);
    a.click();
    ui.root.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function onMessageLeft(f) {
    changeState(function (s) {
      if (s.leaving && s.leaving.clientMsgId === f.clientMsgId) {
        s.leaving = null;
        s.leaveDraft = null;
        s.left = true;
        s.prechat = null;
      }
    });
    render();
  }

  function sendLeaving(entry) {
    if (!connected() || !takeToken(0)) return;
    out({
      type: 'leave_message', clientMsgId: entry.clientMsgId, departmentId: entry.departmentId || null,
      name: entry.name, contact: entry.contact, text: entry.text
    });
  }

  /** The site's colours and texts: what the admin set, or the widget's own. */
  function applySettings(settings) {
    if (!ui) return;
    var colors = (settings && settings.colors) || {};
    if (colors.primary) ui.host.style.setProperty('--kf-primary', colors.primary);
    if (colors.text) ui.host.style.setProperty('--kf-primary-text', colors.text);
    ui.title.textContent = (settings && settings.title) || attr('title') || t('title');
    // Where the button sits: a side, and a height above the page's own bottom bar, if it has one.
    var position = (settings && settings.position) || {};
    var bottom = Number(position.bottom);
    ui.root.classList.toggle('left', position.side === 'left');
    ui.host.style.setProperty('--kf-bottom', (bottom >= 0 && bottom <= 400 ? Math.round(bottom) : 20) + 'px');
  }

  function wildcard(pattern) {
    var re = pattern.split('*').map(function (part) {
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }).join('.*');
    return new RegExp('^' + re + '$');
  }

  /** A pattern names the whole URL or its path, with * for anything; no pattern means every page. */
  function pageMatches(patterns) {
    if (!patterns || !patterns.length) return true;
    for (var i = 0; i < patterns.length; i++) {
      var re = wildcard(patterns[i]);
      if (re.test(location.href) || re.test(location.pathname)) return true;
    }
    return false;
  }

  var proactiveTimer = 0;
  var proactiveText = null;
  var invited = false; // the greeting line shows a member of staff's invitation
  function scheduleProactive(settings) {
    var p = settings && settings.proactive;
    clearTimeout(proactiveTimer);
    if (!p || !p.enabled || !p.text || !pageMatches(p.pages)) return;
    var key = 'kefu:' + siteKey + ':proactive';
    try { if (sessionStorage.getItem(key)) return; } catch (e) { /* no session storage: once per page */ }
    if (proactiveText) return;
    proactiveTimer = setTimeout(function () {
      // Once per visit, and never over a chat the visitor already has open or going.
      if (open || loadState().conversationId) return;
      try { sessionStorage.setItem(key, '1'); } catch (e) { /* shown once on this page anyway */ }
      proactiveText = p.text;
      // On a phone the panel fills the screen: it opens only when the visitor taps the bubble.
      if (isPhone()) showBubble(p.text);
      else openPanel();
    }, Math.max(0, Number(p.afterSeconds) || 0) * 1000);
  }

  function isPhone() {
    return !!(window.matchMedia && matchMedia('(max-width: 480px)').matches);
  }

  /** A small speech bubble beside the button with the greeting; a tap on it opens the chat. */
  function showBubble(text) {
    if (!ui || open) return;
    ui.bubbleText.textContent = text;
    ui.bubble.hidden = false;
  }

  function hideBubble() {
    if (ui) ui.bubble.hidden = true;
  }

  function departmentOnline(id) {
    var s = loadState();
    if (!id || !s.departments) return s.online !== false;
    for (var i = 0; i < s.departments.length; i++) {
      if (s.departments[i].id === id) return s.departments[i].online !== false;
    }
    return s.online !== false;
  }

  /** What the panel shows below the messages: the chat's composer, or one of the forms. */
  function mode(s) {
    if (s.conversationId || outbox().length) return 'chat';
    var pc = s.settings && s.settings.prechat;
    if (s.leaving || s.left) return 'leave';
    // A department the visitor may pick answers even when the one they would get without a
    // choice does not, so the form comes first; picking a closed one then leads to 'leave'.
    if (pc && pc.enabled && !s.prechat && (s.departments || []).some(function (d) { return d.online !== false; })) {
      return 'prechat';
    }
    // A department picked in the form answers for itself; welcome.online only without a pick.
    if (s.prechat && s.prechat.departmentId ? !departmentOnline(s.prechat.departmentId) : s.online === false) {
      return 'leave';
    }
    if (pc && pc.enabled && !s.prechat) return 'prechat';
    return 'chat';
  }

  function fieldLabel(f) {
    return f.type === 'text' ? f.label : f.label || t(f.type);
  }

  function input(name, label, required, type, value, multiline) {
    var control = multiline
      ? el('textarea', { name: name, rows: '3', 'data-kf': 'field-' + name })
      : el('input', { name: name, type: type || 'text', 'data-kf': 'field-' + name });
    control.value = value || '';
    if (required) control.setAttribute('aria-required', 'true');
    return el('label', { class: 'field' }, [
      el('span', { text: label + (required ? ' *' : '') }), control
    ]);
  }

  /** Shows a refusal beside one field of a form (no text: clears it). */
  function fieldError(form, name, text) {
    var box = form.querySelector('[data-kf="field-error-' + name + '"]');
    var control = form.querySelector('[name="' + name + '"]');
    box.textContent = text || '';
    box.hidden = !text;
    if (text) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }

  function formValues(form) {
    var values = {};
    var controls = form.querySelectorAll('input,textarea,select');
    for (var i = 0; i < controls.length; i++) values[controls[i].name] = controls[i].value.trim();
    return values;
  }

  var EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
  var PHONE = /^[+0-9 ()\-]{3,40}$/;

  function buildPrechat(s) {
    var pc = s.settings.prechat, last = s.prechatLast || {};
    var form = el('form', { class: 'form', 'data-kf': 'prechat', novalidate: true });
    form.appendChild(el('div', { class: 'form-title', text: t('prechatTitle') }));
    (pc.fields || []).forEach(function (f) {
      form.appendChild(input(f.key, fieldLabel(f), f.required,
        f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : 'text', last[f.key]));
      form.appendChild(el('div', { class: 'field-error', 'data-kf': 'field-error-' + f.key, role: 'alert', hidden: true }));
    });
    // The server refused what the form sent (with the first message): beside its field.
    if (s.prechatInvalid) {
      (pc.fields || []).forEach(function (f) {
        if (f.key !== s.prechatInvalid) return;
        fieldError(form, f.key, prechatProblem(f, last[f.key] || '') ||
          t(f.type === 'email' ? 'badEmail' : f.type === 'phone' ? 'badPhone' : 'badField'));
      });
    }
    var departments = pc.departments || [];
    if (departments.length) {
      var select = el('select', { name: 'departmentId', 'data-kf': 'field-department' });
      departments.forEach(function (d) {
        var label = departmentOnline(d.id) ? d.name : t('deptOffline', { name: d.name });
        select.appendChild(el('option', { value: d.id, text: label }));
      });
      form.appendChild(el('label', { class: 'field' }, [el('span', { text: t('department') }), select]));
    }
    form.appendChild(el('button', { type: 'submit', class: 'primary', 'data-kf': 'start', text: t('startChat') }));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var values = formValues(form), fields = {}, firstBad = null;
      (pc.fields || []).forEach(function (f) {
        var v = values[f.key] || '';
        var problem = prechatProblem(f, v);
        fieldError(form, f.key, problem);
        if (problem && !firstBad) firstBad = f.key;
        if (v) fields[f.key] = v;
      });
      if (firstBad) {
        form.querySelector('[name="' + firstBad + '"]').focus();
        return;
      }
      showNotice(null);
      // The chat starts: the site's greeting now, rather than the words that invited the visitor.
      proactiveText = null;
      invited = false;
      changeState(function (st) {
        st.prechat = { departmentId: values.departmentId || null, fields: fields };
        st.prechatLast = fields;
        st.prechatInvalid = null;
      });
      render(true);
      if (ui.input && !ui.composer.hidden) ui.input.focus();
    });
    return form;
  }

  /** What is wrong with one answer of the pre-chat form, in the page's language; null: nothing. */
  function prechatProblem(f, v) {
    if (!v) return f.required ? t('required') : null;
    if (f.type === 'email' && !EMAIL.test(v)) return t('badEmail');
    if (f.type === 'phone' && !PHONE.test(v)) return t('badPhone');
    if (v.length > 500) return t('tooLongField');
    return null;
  }

  function buildLeave(s) {
    var form = el('form', { class: 'form', 'data-kf': 'leave', novalidate: true });
    if (s.left) {
      form.appendChild(el('div', { class: 'form-done', 'data-kf': 'left', text: t('leaveThanks') }));
      return form;
    }
    var last = s.prechatLast || (s.prechat && s.prechat.fields) || {};
    // What is being sent, or was refused, stays in the form rather than the last pre-chat answers.
    var draft = s.leaving || s.leaveDraft;
    form.appendChild(el('div', { class: 'form-title', text: t('leaveTitle') }));
    form.appendChild(input('name', t('name'), true, 'text', draft ? draft.name : last.name));
    form.appendChild(el('div', { class: 'field-error', 'data-kf': 'field-error-name', role: 'alert', hidden: true }));
    form.appendChild(input('contact', t('contact'), true, 'text', draft ? draft.contact : last.email || last.phone));
    form.appendChild(el('div', { class: 'field-error', 'data-kf': 'field-error-contact', role: 'alert', hidden: true }));
    form.appendChild(input('text', t('leaveText'), true, 'text', draft ? draft.text : '', true));
    form.appendChild(el('div', { class: 'field-error', 'data-kf': 'field-error-text', role: 'alert', hidden: true }));
    var button = el('button', { type: 'submit', class: 'primary', 'data-kf': 'leave-send', text: t('leaveSend') });
    if (s.leaving) button.disabled = true;
    form.appendChild(button);
    if (!s.leaving && s.leaveDraft && s.leaveDraft.invalid === 'contact') fieldError(form, 'contact', t('badContact'));
    else if (!s.leaving && s.leaveDraft && /^(name|text)$/.test(s.leaveDraft.invalid || '')) {
      fieldError(form, s.leaveDraft.invalid, t('badField'));
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var v = formValues(form);
      // The server holds the exact rule (one address or one phone number, nothing more); this
      // catches what plainly is neither before a round trip.
      var contactOk = !v.contact || EMAIL.test(v.contact) || PHONE.test(v.contact);
      fieldError(form, 'name', v.name ? null : t('required'));
      fieldError(form, 'contact', !v.contact ? t('required') : contactOk ? null : t('badContact'));
      fieldError(form, 'text', !v.text ? t('required') : v.text.length > MAX_TEXT ? t('tooLongField') : null);
      if (!v.name || !v.contact || !v.text || !contactOk || v.text.length > MAX_TEXT) {
        var bad = form.querySelector('[aria-invalid="true"]');
        if (bad) bad.focus();
        return;
      }
      showNotice(null);
      var st = changeState(function (x) {
        x.leaveDraft = null;
        x.leaving = {
          clientMsgId: uuid(), name: v.name, contact: v.contact, text: v.text,
          departmentId: x.prechat ? x.prechat.departmentId : null
        };
      });
      sendLeaving(st.leaving);
      render();
    });
    return form;
  }

  var formKey = null;
  function renderForm(s) {
    var m = mode(s);
    var hint = m === 'chat' && startedPrechat(s);
    var key = m + ':' + (m === 'leave' ? (s.left ? 'done' : s.leaving ? 'sending' : 'open') : hint ? 'hint' : '');
    // With nobody online a visitor may still write and wait in the queue, or leave a message
    // instead; a site with a pre-chat form offers the message form alone, as chats need the form.
    var pc = s.settings && s.settings.prechat;
    ui.composer.hidden = m === 'prechat' || (m === 'leave' && !!(pc && pc.enabled));
    if (key === formKey) return;
    formKey = key;
    ui.form.textContent = '';
    if (m === 'prechat') ui.form.appendChild(buildPrechat(s));
    else if (m === 'leave') ui.form.appendChild(buildLeave(s));
    else if (hint) ui.form.appendChild(el('div', { class: 'note hint', 'data-kf': 'start-hint', role: 'status', text: t('startHint') }));
  }

  /** The visitor filled in the pre-chat form and has not written the first message yet. */
  function startedPrechat(s) {
    return !!(s.prechat && !s.prechat.sentWith && !s.conversationId && !outbox().length);
  }

  /** Stars and a comment under a conversation an agent answered and that has now ended. */
  function ratingBlock(conversationId, s) {
    if (s.rated[conversationId]) {
      return el('div', { class: 'rating done', 'data-kf': 'rated', text: t('rated') + ' ' + stars(s.rated[conversationId]) });
    }
    var block = el('div', { class: 'rating', 'data-kf': 'rating' });
    block.appendChild(el('div', { text: t('rateTitle') }));
    var row = el('div', { class: 'stars', role: 'radiogroup', 'aria-label': t('rateTitle') });
    var comment = el('textarea', { rows: '2', 'data-kf': 'rate-comment', placeholder: t('rateComment'), 'aria-label': t('rateComment') });
    var send = el('button', { type: 'button', class: 'primary', 'data-kf': 'rate-send', text: t('rateSend'), disabled: true });
    for (var n = 1; n <= 5; n++) {
      (function (score) {
        row.appendChild(el('button', {
          type: 'button', class: 'star', 'data-kf': 'star', 'data-score': String(score), role: 'radio',
          'aria-checked': 'false', 'aria-label': t('star', { n: score }), text: '★',
          onclick: function () {
            rating = { conversationId: conversationId, score: score };
            var all = row.children;
            for (var i = 0; i < all.length; i++) {
              all[i].classList.toggle('on', i < score);
              all[i].setAttribute('aria-checked', String(i === score - 1));
            }
            send.disabled = false;
          }
        }));
      })(n);
    }
    send.addEventListener('click', function () {
      if (!rating || !connected()) return;
      out({ type: 'rate', conversationId: conversationId, score: rating.score, comment: comment.value.trim() || null });
    });
    block.appendChild(row);
    block.appendChild(comment);
    block.appendChild(send);
    return block;
  }

  function stars(n) {
    return new Array(n + 1).join('★');
  }

  /** The conversation a transcript is for: the open one, or the latest. */
  function transcriptTarget(s) {
    if (s.conversationId) return s.conversationId;
    var h = storedMessages();
    return h.length ? h[h.length - 1].conversationId : null;
  }

  function answeredByAgent(conversationId) {
    var h = storedMessages();
    for (var i = 0; i < h.length; i++) {
      if (h[i].conversationId === conversationId && h[i].sender.type === 'agent') return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- read receipts, typing, pages

  function highestOthersSeq(conversationId) {
    var h = storedMessages(), max = 0;
    for (var i = 0; i < h.length; i++) {
      var m = h[i];
      if (m.conversationId === conversationId && m.sender.type !== 'visitor' && m.seq > max) max = m.seq;
    }
    return max;
  }

  function readDue() {
    if (!open || document.visibilityState !== 'visible') return false;
    var id = loadState().conversationId;
    return !!id && highestOthersSeq(id) > (readSent[id] || 0);
  }

  function sendRead() {
    var id = loadState().conversationId;
    var seq = highestOthersSeq(id);
    readSent[id] = seq;
    out({ type: 'read', conversationId: id, seq: seq });
  }

  /** Tells the server what the visitor has seen, and clears the badge. */
  function markRead() {
    if (!open || document.visibilityState !== 'visible') return;
    if (loadState().unread) changeState(function (s) { s.unread = 0; });
    renderBadge();
    if (connected() && readDue()) pump();
  }

  var typingOn = false;
  var typingSentAt = 0;
  var typingIdle = 0;
  function typed() {
    var now = Date.now();
    // Typing is nice to have: it never spends the budget that messages need.
    if (connected() && now - typingSentAt >= TYPING_EVERY && takeToken(4)) {
      typingOn = true;
      typingSentAt = now;
      out({ type: 'typing', on: true });
    }
    clearTimeout(typingIdle);
    typingIdle = setTimeout(stopTyping, TYPING_IDLE);
  }
  function stopTyping() {
    clearTimeout(typingIdle);
    if (typingOn && connected()) out({ type: 'typing', on: false });
    typingOn = false;
    typingSentAt = 0;
  }

  var pageTimer = 0;
  function urlMaybeChanged() {
    // Single-page apps often set the title just after the URL: wait for it.
    clearTimeout(pageTimer);
    pageTimer = setTimeout(function () {
      if (location.href === lastUrl) return;
      lastUrl = location.href;
      pageDue = true;
      pump();
    }, 400);
  }
  ['pushState', 'replaceState'].forEach(function (name) {
    var native = window.history[name];
    if (typeof native !== 'function') return;
    window.history[name] = function () {
      var result = native.apply(this, arguments);
      urlMaybeChanged();
      return result;
    };
  });
  window.addEventListener('popstate', urlMaybeChanged);
  window.addEventListener('hashchange', urlMaybeChanged);

  // ---------------------------------------------------------------- sending

  /** Takes the visitor's text: false (with a note in the panel) when it cannot be sent. */
  function submit(raw) {
    var text = String(raw == null ? '' : raw).trim();
    if (!text) return false;
    var entry = { clientMsgId: uuid(), text: text, at: new Date().toISOString() };
    if (text.length > MAX_TEXT ||
        utf8Length(JSON.stringify({ type: 'send', clientMsgId: entry.clientMsgId, text: text })) > MAX_FRAME_BYTES) {
      showNotice(t('tooLong'));
      return false;
    }
    showNotice(null);
    var o = outbox();
    o.push(entry);
    store.set('outbox', o);
    offerDismissed = true;
    stopTyping();
    render(true);
    pump();
    return true;
  }

  /** After a 1009 close: whatever is too big to ever pass is taken out of the outbox. */
  function dropOversized() {
    var o = outbox();
    for (var i = 0; i < o.length; i++) {
      if (utf8Length(JSON.stringify({ type: 'send', clientMsgId: o[i].clientMsgId, text: o[i].text })) > MAX_FRAME_BYTES) {
        dropFromOutbox(o[i].clientMsgId);
        failed.push({ clientMsgId: o[i].clientMsgId, text: o[i].text, at: o[i].at, error: t('tooLong') });
      }
    }
  }

  // ---------------------------------------------------------------- files

  /** The file of a msg frame, as kept in the history; null for none or a malformed one. */
  function fileOf(f) {
    if (!f || typeof f.id !== 'string' || !/^[A-Za-z0-9_-]+$/.test(f.id)) return null;
    return {
      id: f.id, name: String(f.name || 'file'), size: Number(f.size) || 0,
      contentType: String(f.contentType || 'application/octet-stream')
    };
  }

  // Files are fetched with the visitor's token in a header, never in the address, so the widget
  // shows them from blob: addresses of its own.
  function fileUrl(id) {
    return base + '/api/v1/files/' + encodeURIComponent(id) + '?site=' + encodeURIComponent(siteKey);
  }
  var blobs = {}; // file id -> promise of a blob: address
  function blobOf(id) {
    if (!blobs[id]) {
      blobs[id] = fetch(fileUrl(id), { headers: { 'X-Kefu-Visitor': store.get('token', '') }, credentials: 'omit' })
        .then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return r.blob();
        })
        .then(function (b) { return URL.createObjectURL(b); });
      blobs[id].catch(function () { delete blobs[id]; });
    }
    return blobs[id];
  }

  function sizeText(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + ' MB';
    if (bytes >= 1024) return Math.round(bytes / 1024) + ' KB';
    return bytes + ' B';
  }

  var uploading = false;
  /** Uploads the chosen file, then sends it as a message through the outbox like any text. */
  function upload(file) {
    if (!file || uploading) return;
    var token = store.get('token', null);
    if (!token) { showNotice(t('uploadFailed')); return; }
    uploading = true;
    ui.attach.disabled = true;
    var name = file.name || 'file';
    showNotice(t('uploading', { name: name, p: 0 }), 'progress');
    var xhr = new XMLHttpRequest();
    xhr.open('POST', base + '/api/v1/files?site=' + encodeURIComponent(siteKey) + '&name=' + encodeURIComponent(name));
    xhr.setRequestHeader('X-Kefu-Visitor', token);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) showNotice(t('uploading', { name: name, p: Math.floor(e.loaded * 100 / e.total) }), 'progress');
    };
    xhr.onloadend = function () {
      uploading = false;
      ui.attach.disabled = false;
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 201 && answer && fileOf(answer)) {
        showNotice(null);
        var o = outbox();
        o.push({ clientMsgId: uuid(), text: '', file: fileOf(answer), at: new Date().toISOString() });
        store.set('outbox', o);
        offerDismissed = true;
        render(true);
        pump();
      } else if (xhr.status === 413) {
        showNotice(t('fileTooLarge', { max: sizeText(maxFromMessage(answer)) }));
      } else if (xhr.status === 415) {
        showNotice(t('fileRefused'));
      } else {
        showNotice(t('uploadFailed'));
      }
    };
    xhr.send(file);
  }

  function maxFromMessage(answer) {
    var m = answer && /(\d+) bytes/.exec(answer.message || '');
    return m ? Number(m[1]) : 10485760;
  }

  /** The attachment inside a message's bubble: a thumbnail for images, a link for the rest. */
  function drawFile(holder, file) {
    if (holder.getAttribute('data-file') === (file ? file.id : '')) return;
    holder.setAttribute('data-file', file ? file.id : '');
    holder.textContent = '';
    holder.hidden = !file;
    if (!file) return;
    if (/^image\/(png|jpeg|gif|webp)$/.test(file.contentType)) {
      var img = el('img', { class: 'thumb', alt: file.name, 'data-kf': 'image' });
      // The image takes its height only once loaded: a visitor at the bottom stays at the bottom.
      img.addEventListener('load', function () { if (pinned && open) scrollDown(); });
      var link = el('a', { class: 'file-img', target: '_blank', rel: 'noopener', title: file.name }, [img]);
      holder.appendChild(link);
      blobOf(file.id).then(function (url) { img.src = url; link.href = url; }, function () { img.alt = t('uploadFailed'); });
      return;
    }
    var a = el('a', {
      class: 'file-link', 'data-kf': 'file', href: '#', download: file.name,
      title: t('download', { name: file.name }), text: file.name + ' (' + sizeText(file.size) + ')'
    });
    a.addEventListener('click', function (e) {
      if (a.getAttribute('href') !== '#') return;
      e.preventDefault();
      blobOf(file.id).then(function (url) { a.href = url; a.click(); });
    });
    holder.appendChild(a);
  }

  // ---------------------------------------------------------------- user interface

  var CSS = [
    ':host{all:initial;--kf-primary:#1e6fff;--kf-primary-text:#fff;--kf-bg:#fff;--kf-surface:#f5f7fa;',
    '--kf-text:#1f2329;--kf-muted:#737a87;--kf-border:#e4e7ec;--kf-danger:#e5484d;--kf-radius:16px;',
    '--kf-z:2147483000;--kf-font:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","PingFang SC",',
    '"Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif}',
    '*,*::before,*::after{box-sizing:border-box}',
    '[hidden]{display:none!important}',
    // What the page sets on the host element is inherited inside: reset what could carry over.
    '.kf{font:14px/1.5 var(--kf-font);color:var(--kf-text);-webkit-font-smoothing:antialiased;text-align:left;',
    'letter-spacing:normal;word-spacing:normal;text-transform:none;text-indent:0;text-shadow:none;',
    'white-space:normal;direction:ltr;cursor:auto}',
    'button{font:inherit;color:inherit;cursor:pointer;-webkit-tap-highlight-color:transparent}',
    'button:focus-visible,textarea:focus-visible{outline:2px solid var(--kf-primary);outline-offset:2px}',
    'svg{display:block;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}',

    '.launcher{position:fixed;right:20px;bottom:var(--kf-bottom,20px);z-index:var(--kf-z);width:58px;height:58px;border:0;',
    'border-radius:50%;background:var(--kf-primary);color:var(--kf-primary-text);display:flex;',
    'align-items:center;justify-content:center;box-shadow:0 6px 20px rgba(15,23,42,.22),0 2px 6px rgba(15,23,42,.12);',
    'transition:transform .2s ease,box-shadow .2s ease}',
    '.launcher:hover{transform:translateY(-2px) scale(1.04);box-shadow:0 10px 26px rgba(15,23,42,.26)}',
    '.launcher:focus-visible{outline:3px solid var(--kf-primary);outline-offset:3px}',
    '.launcher svg{width:26px;height:26px;transition:transform .2s ease,opacity .2s ease;position:absolute}',
    '.launcher .i-close{opacity:0;transform:rotate(-45deg)}',
    '.kf.is-open .launcher .i-chat{opacity:0;transform:rotate(45deg)}',
    '.kf.is-open .launcher .i-close{opacity:1;transform:none}',
    '.badge{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;',
    'background:var(--kf-danger);color:#fff;font-size:12px;font-weight:600;line-height:18px;text-align:center;',
    'border:2px solid #fff;animation:kf-pop .25s ease}',

    '.panel{position:fixed;right:20px;bottom:calc(var(--kf-bottom,20px) + 72px);z-index:var(--kf-z);width:380px;',
    'height:min(620px,calc(100vh - 96px - var(--kf-bottom,20px)));max-height:calc(100vh - 96px - var(--kf-bottom,20px));display:flex;flex-direction:column;',
    'background:var(--kf-bg);border-radius:var(--kf-radius);overflow:hidden;',
    'box-shadow:0 16px 48px rgba(15,23,42,.2),0 2px 10px rgba(15,23,42,.08);',
    'opacity:0;transform:translateY(16px) scale(.98);transform-origin:bottom right;visibility:hidden;',
    'transition:opacity .2s ease,transform .2s ease,visibility 0s linear .2s}',
    '.panel:focus{outline:0}',
    '.kf.left .launcher{right:auto;left:20px}',
    '.kf.left .panel{right:auto;left:20px;transform-origin:bottom left}',
    '.nudge{position:fixed;right:16px;bottom:calc(var(--kf-bottom,20px) + 70px);z-index:var(--kf-z);display:flex;',
    'align-items:flex-start;gap:2px;max-width:min(280px,calc(100vw - 32px));padding:4px 4px 4px 0;border-radius:16px;',
    'background:var(--kf-bg);color:var(--kf-text);box-shadow:0 8px 28px rgba(15,23,42,.2);animation:kf-pop .25s ease}',
    '.kf.left .nudge{right:auto;left:16px}',
    '.nudge-open{flex:1;min-width:0;border:0;background:transparent;text-align:left;padding:10px 6px 10px 14px;',
    'font-size:15px;line-height:1.4;overflow-wrap:anywhere}',
    '.nudge-close{flex:none;width:32px;height:32px;border:0;border-radius:50%;background:transparent;color:var(--kf-muted);',
    'display:flex;align-items:center;justify-content:center}',
    '.nudge-close svg{width:16px;height:16px}',
    '.link{color:inherit;text-decoration:underline;overflow-wrap:anywhere}',
    '.panel[data-open="true"]{opacity:1;transform:none;visibility:visible;transition:opacity .2s ease,transform .2s ease}',

    '.head{display:flex;align-items:center;gap:12px;padding:16px 12px 16px 18px;color:var(--kf-primary-text);',
    'background:var(--kf-primary);background-image:linear-gradient(135deg,rgba(255,255,255,.14),rgba(255,255,255,0) 60%)}',
    '.avatar{flex:none;width:40px;height:40px;border-radius:50%;background:rgba(255,255,255,.2);display:flex;',
    'align-items:center;justify-content:center;position:relative}',
    '.avatar svg{width:22px;height:22px}',
    '.avatar::after{content:"";position:absolute;right:0;bottom:1px;width:10px;height:10px;border-radius:50%;',
    'background:#3ccf6e;border:2px solid var(--kf-primary)}',
    '.kf.is-away .avatar::after{background:#b8bfca}',
    '.kf.is-unknown .avatar::after{display:none}',
    '.who{flex:1;min-width:0}',
    '.title{font-size:16px;font-weight:600;line-height:1.3;margin:0}',
    '.sub{font-size:12px;opacity:.88;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
    '.icon-btn{flex:none;width:36px;height:36px;border:0;border-radius:10px;background:transparent;display:flex;',
    'align-items:center;justify-content:center;color:inherit}',
    '.icon-btn:hover{background:rgba(255,255,255,.16)}',
    '.icon-btn svg{width:20px;height:20px}',
    '.head .icon-btn:focus-visible{outline-color:#fff}',

    '.conn{display:flex;align-items:center;gap:8px;padding:7px 16px;font-size:12px;color:#8a5a00;',
    'background:#fff6e0;border-bottom:1px solid #f6e3b4;overflow:hidden;max-height:40px;animation:kf-reveal .2s ease 1s both}',
    '.conn[data-state="open"]{display:none}',
    '.spin{width:12px;height:12px;border-radius:50%;border:2px solid currentColor;border-right-color:transparent;',
    'animation:kf-spin .8s linear infinite}',
    '.offline{padding:10px 16px;font-size:13px;line-height:1.45;color:#5b6472;background:#f1f4f9;',
    'border-bottom:1px solid var(--kf-border)}',

    '.body{flex:1;min-height:0;overflow-y:auto;overscroll-behavior:contain;padding:18px 16px 8px;',
    'background:var(--kf-surface)}',
    '.list{display:flex;flex-direction:column}',
    '.msg{display:flex;flex-direction:column;align-items:flex-start;margin-top:10px;max-width:100%}',
    '.msg.cont{margin-top:3px}',
    '.msg[data-sender="visitor"]{align-items:flex-end}',
    '.name{font-size:12px;color:var(--kf-muted);margin:0 0 3px 4px}',
    '.bubble{max-width:82%;padding:9px 13px;border-radius:16px;background:#fff;color:var(--kf-text);',
    'border:1px solid var(--kf-border);border-bottom-left-radius:5px;box-shadow:0 1px 1px rgba(15,23,42,.03)}',
    '.msg[data-sender="visitor"] .bubble{background:var(--kf-primary);color:var(--kf-primary-text);',
    'border-color:transparent;border-radius:16px;border-bottom-right-radius:5px}',
    '.msg[data-state="pending"] .bubble{opacity:.65}',
    '.msg[data-state="failed"] .bubble{background:#fff;color:var(--kf-text);border-color:var(--kf-danger)}',
    '.text{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}',
    '.meta{font-size:11px;color:var(--kf-muted);margin:3px 6px 0;display:flex;gap:6px}',
    '.msg[data-state="failed"] .meta{color:var(--kf-danger)}',
    '.msg[data-sender="system"]{align-items:center}',
    '.msg[data-sender="system"] .bubble{max-width:90%;background:transparent;border:0;box-shadow:none;',
    'padding:4px 8px;font-size:12px;color:var(--kf-muted);text-align:center}',
    '.greeting{display:flex;gap:8px;align-items:flex-end}',
    '.greeting .bubble{max-width:82%}',
    '.note{align-self:center;margin:14px 0 4px;padding:4px 12px;border-radius:12px;font-size:12px;',
    'color:var(--kf-muted);background:rgba(15,23,42,.05);text-align:center;max-width:92%}',
    '.ended{align-self:stretch;display:flex;flex-direction:column;align-items:center;gap:8px;margin:16px 0 6px;',
    'font-size:12px;color:var(--kf-muted)}',
    '.ended .rule{display:flex;align-items:center;gap:10px;width:100%}',
    '.ended .rule::before,.ended .rule::after{content:"";flex:1;height:1px;background:var(--kf-border)}',
    '.new{border:1px solid var(--kf-primary);color:var(--kf-primary);background:#fff;border-radius:16px;',
    'padding:5px 14px;font-size:13px}',
    '.new:hover{background:var(--kf-primary);color:var(--kf-primary-text)}',
    '.typing{display:flex;align-items:center;gap:8px;margin:10px 0 4px;font-size:12px;color:var(--kf-muted)}',
    '.dots{display:inline-flex;gap:3px;padding:9px 12px;border-radius:16px;background:#fff;',
    'border:1px solid var(--kf-border);border-bottom-left-radius:5px}',
    '.dots i{width:6px;height:6px;border-radius:50%;background:#a3aab5;animation:kf-bounce 1.2s infinite ease-in-out}',
    '.dots i:nth-child(2){animation-delay:.15s}.dots i:nth-child(3){animation-delay:.3s}',

    '.form-area:empty{display:none}',
    '.form{display:flex;flex-direction:column;gap:10px;margin:14px 0 6px;padding:14px;border-radius:12px;',
    'background:#fff;border:1px solid var(--kf-border)}',
    '.form-title{font-weight:600}',
    '.form-done{color:var(--kf-text)}',
    '.field-error{margin-top:-6px;font-size:12px;color:#a1262b}',
    '.field{display:flex;flex-direction:column;gap:4px;font-size:12px;color:var(--kf-muted)}',
    // 16 px at least on every input: iOS zooms the page into a field whose text is smaller.
    '.field input,.field select,.field textarea,.rating textarea{font:inherit;font-size:16px;color:var(--kf-text);',
    'border:1px solid var(--kf-border);border-radius:8px;padding:7px 9px;background:#fff;height:auto;max-height:none}',
    '.field input:focus,.field select:focus,.field textarea:focus,.rating textarea:focus{outline:2px solid var(--kf-primary);outline-offset:0}',
    '.primary{border:0;border-radius:18px;padding:8px 16px;background:var(--kf-primary);color:var(--kf-primary-text);font-weight:600}',
    '.primary:disabled{opacity:.45;cursor:default}',
    '.rating{display:flex;flex-direction:column;align-items:center;gap:8px;width:100%;padding:12px;border-radius:12px;',
    'background:#fff;border:1px solid var(--kf-border);color:var(--kf-text);font-size:13px}',
    '.rating.done{color:var(--kf-muted)}',
    '.rating textarea{width:100%;resize:vertical}',
    '.stars{display:flex;gap:4px}',
    '.star{border:0;background:transparent;font-size:24px;line-height:1;color:#c9ced6;padding:2px}',
    '.star.on{color:#f5a623}',
    '.notice{margin:0 12px 8px;padding:8px 12px;border-radius:10px;font-size:12px;color:#a1262b;',
    'background:#fdecec}',
    '.notice[data-kind="progress"]{color:var(--kf-muted);background:#f1f3f6}',
    '.note.hint{align-self:stretch;max-width:none;margin:10px 0 4px;background:#eef4ff;color:#334155}',
    '.attach{flex:none;width:34px;height:38px;border:0;background:transparent;color:var(--kf-muted);',
    'display:flex;align-items:center;justify-content:center;margin-left:-8px}',
    '.attach:hover{color:var(--kf-primary)}.attach:disabled{opacity:.35}',
    '.attach svg{width:20px;height:20px}',
    '.files[hidden]{display:none}',
    '.thumb{display:block;max-width:200px;max-height:160px;border-radius:8px;min-width:40px;min-height:40px;',
    'background:#f1f3f6}',
    '.file-link{color:inherit;text-decoration:underline;word-break:break-all}',
    '.text:empty{display:none}',
    '.composer{display:flex;align-items:flex-end;gap:8px;padding:10px 10px 10px 16px;',
    'padding-bottom:calc(10px + env(safe-area-inset-bottom,0px));border-top:1px solid var(--kf-border);background:#fff}',
    'textarea{flex:1;min-width:0;resize:none;border:0;outline:0;margin:0;padding:8px 0;background:transparent;',
    'font:inherit;font-size:16px;line-height:20px;color:var(--kf-text);height:36px;max-height:120px}',
    'textarea::placeholder{color:#9aa1ad}',
    'textarea:focus-visible{outline:0}',
    '.composer:focus-within{border-top-color:var(--kf-primary)}',
    '.send{flex:none;width:38px;height:38px;border:0;border-radius:50%;background:var(--kf-primary);',
    'color:var(--kf-primary-text);display:flex;align-items:center;justify-content:center;transition:opacity .15s}',
    '.send svg{width:18px;height:18px;margin-left:-2px}',
    '.send:disabled{opacity:.35;cursor:default}',

    '@media (max-width:480px){',
    '.panel{inset:0;width:auto;height:auto;max-height:none;border-radius:0;transform:translateY(24px)}',
    '.kf.is-open .launcher{display:none}',
    '.launcher{right:16px}',
    '.kf.left .launcher{right:auto;left:16px}}',
    '@keyframes kf-spin{to{transform:rotate(360deg)}}',
    // A short drop stays unseen; the bar takes no room until it shows.
    '@keyframes kf-reveal{from{opacity:0;max-height:0;padding-top:0;padding-bottom:0;border-width:0}to{opacity:1}}',
    '@keyframes kf-pop{from{transform:scale(.4)}to{transform:scale(1)}}',
    '@keyframes kf-bounce{0%,60%,100%{transform:translateY(0);opacity:.5}30%{transform:translateY(-4px);opacity:1}}',
    '@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}'
  ].join('');

  var ICONS = {
    chat: 'M4 6.5A2.5 2.5 0 0 1 6.5 4h11A2.5 2.5 0 0 1 20 6.5v8a2.5 2.5 0 0 1-2.5 2.5H11l-4.5 3.5V17A2.5 2.5 0 0 1 4 14.5zM8.5 9.5h7M8.5 12.5h4.5',
    close: 'M18 6 6 18M6 6l12 12',
    down: 'M6 9l6 6 6-6',
    download: 'M12 4v11M7 10l5 5 5-5M5 20h14',
    send: 'M21 3 3 10.5l7.5 3L13.5 21zM21 3l-10.5 10.5',
    clip: 'M21 11.5l-8.5 8.5a5 5 0 0 1-7-7l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8',
    agent: 'M3 18v-6a9 9 0 0 1 18 0v6M21 19a2 2 0 0 1-2 2h-1a2 2 0 0 1-2-2v-3a2 2 0 0 1 2-2h3zM3 19a2 2 0 0 0 2 2h1a2 2 0 0 0 2-2v-3a2 2 0 0 0-2-2H3z'
  };

  function icon(name, cls) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    if (cls) svg.setAttribute('class', cls);
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  /** Makes an element; text goes in as textContent only, never as markup. */
  // A constructed style sheet is not inline style, so a page whose Content-Security-Policy forbids
  // 'unsafe-inline' styles still shows the widget; browsers without them get a <style> element.
  function adoptStyles(root) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
      return;
    } catch (e) {
      // No constructable style sheets here.
    }
    root.appendChild(el('style', { text: CSS }));
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) {
      var value = attrs[name];
      if (value == null || value === false) continue;
      if (name === 'text') node.textContent = value;
      else if (name === 'class') node.className = value;
      else if (name.slice(0, 2) === 'on') node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  var ui = null;
  var open = false;
  var offerDismissed = false; // the visitor took up the offer to start a new conversation
  var connectionState = 'connecting';

  function build() {
    var host = document.getElementById('kefu-widget') || el('div', { id: 'kefu-widget' });
    // The page's own CSS must not hide or move the host; its children are fixed anyway.
    host.style.setProperty('display', 'block', 'important');
    host.style.setProperty('position', 'static', 'important');
    var color = attr('color');
    if (color && /^#[0-9a-f]{3,8}$|^rgb|^hsl/i.test(color)) host.style.setProperty('--kf-primary', color);
    var root = host.shadowRoot || host.attachShadow({ mode: 'open' });
    root.textContent = '';

    var u = { host: host };
    u.badge = el('span', { class: 'badge', 'data-kf': 'badge', hidden: true, 'aria-hidden': 'true' });
    u.launcher = el('button', {
      type: 'button', class: 'launcher', 'data-kf': 'launcher', 'aria-label': t('openChat'),
      'aria-expanded': 'false', 'aria-controls': 'kf-panel', onclick: function () { open ? closePanel() : openPanel(); }
    }, [icon('chat', 'i-chat'), icon('close', 'i-close'), u.badge]);

    u.title = el('h2', { class: 'title', id: 'kf-title', text: attr('title') || t('title') });
    u.sub = el('div', { class: 'sub', 'data-kf': 'availability' });
    u.close = el('button', {
      type: 'button', class: 'icon-btn', 'data-kf': 'close', 'aria-label': t('minimise'),
      title: t('minimise'), onclick: function () { closePanel(); }
    }, [icon('down')]);
    u.transcript = el('button', {
      type: 'button', class: 'icon-btn', 'data-kf': 'transcript', 'aria-label': t('transcript'),
      title: t('transcript'), hidden: true,
      onclick: function () { downloadTranscript(transcriptTarget(loadState())); }
    }, [icon('download')]);
    var head = el('div', { class: 'head' }, [
      el('div', { class: 'avatar' }, [icon('agent')]), el('div', { class: 'who' }, [u.title, u.sub]),
      u.transcript, u.close
    ]);

    u.conn = el('div', { class: 'conn', 'data-kf': 'connection', 'data-state': connectionState, role: 'status' }, [
      el('span', { class: 'spin', 'aria-hidden': 'true' }), u.connText = el('span')
    ]);
    u.offline = el('div', { class: 'offline', 'data-kf': 'offline', hidden: true, text: t('offline') });
    u.blocked = el('div', { class: 'offline blocked', 'data-kf': 'blocked', role: 'status', hidden: true, text: t('blocked') });

    u.greetingText = el('div', { class: 'text' });
    u.greeting = el('div', { class: 'greeting', 'data-kf': 'greeting', hidden: true }, [
      el('div', { class: 'bubble' }, [u.greetingText])
    ]);
    u.list = el('div', {
      class: 'list', 'data-kf': 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': t('messages')
    });
    u.typingText = el('span');
    u.typing = el('div', { class: 'typing', 'data-kf': 'typing', hidden: true, 'aria-live': 'polite' }, [
      el('span', { class: 'dots', 'aria-hidden': 'true' }, [el('i'), el('i'), el('i')]), u.typingText
    ]);
    u.form = el('div', { class: 'form-area' });
    u.body = el('div', { class: 'body' }, [u.greeting, u.list, u.typing, u.form]);

    u.notice = el('div', { class: 'notice', role: 'alert', hidden: true });
    u.input = el('textarea', {
      'data-kf': 'input', rows: '1', placeholder: t('placeholder'),
      'aria-label': t('inputLabel'), enterkeyhint: 'send'
    });
    u.send = el('button', {
      type: 'button', class: 'send', 'data-kf': 'send', 'aria-label': t('send'), title: t('send'), disabled: true
    }, [icon('send')]);
    u.file = el('input', { type: 'file', hidden: true, 'data-kf': 'file-input' });
    u.attach = el('button', {
      type: 'button', class: 'attach', 'data-kf': 'attach', 'aria-label': t('attach'), title: t('attach'),
      onclick: function () { u.file.click(); }
    }, [icon('clip')]);
    u.file.addEventListener('change', function () {
      var chosen = u.file.files && u.file.files[0];
      u.file.value = '';
      upload(chosen);
    });
    var composer = u.composer = el('div', { class: 'composer' }, [u.attach, u.file, u.input, u.send]);

    u.panel = el('div', {
      class: 'panel', id: 'kf-panel', 'data-kf': 'panel', 'data-open': 'false', role: 'dialog',
      'aria-labelledby': 'kf-title', tabindex: '-1'
    }, [head, u.conn, u.offline, u.blocked, u.body, u.notice, composer]);

    u.bubbleText = el('span', { class: 'bubble-text' });
    u.bubble = el('div', { class: 'nudge', 'data-kf': 'proactive-bubble', hidden: true }, [
      el('button', {
        type: 'button', class: 'nudge-open', 'aria-label': t('proactiveOpen'),
        onclick: function () { openPanel(); }
      }, [u.bubbleText]),
      el('button', {
        type: 'button', class: 'nudge-close', 'data-kf': 'proactive-dismiss', 'aria-label': t('proactiveDismiss'),
        title: t('proactiveDismiss'), onclick: function () { hideBubble(); }
      }, [icon('close')])
    ]);

    u.root = el('div', { class: 'kf', lang: lang }, [u.panel, u.bubble, u.launcher]);
    adoptStyles(root);
    root.appendChild(u.root);
    if (!host.parentNode) document.body.appendChild(host);

    u.body.addEventListener('scroll', function () { pinned = nearBottom(); }, { passive: true });
    u.input.addEventListener('input', function () {
      autosize();
      u.send.disabled = !u.input.value.trim();
      if (u.input.value.trim()) typed();
    });
    u.input.addEventListener('keydown', function (e) {
      // Enter confirms a word in Chinese and Japanese input methods; only a plain Enter sends.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        sendInput();
      }
    });
    u.send.addEventListener('click', sendInput);
    u.panel.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { e.stopPropagation(); closePanel(); }
    });
    ui = u;
  }

  function autosize() {
    ui.input.style.height = 'auto';
    ui.input.style.height = Math.min(ui.input.scrollHeight, 120) + 'px';
  }

  function sendInput() {
    var value = ui.input.value;
    if (submit(value)) {
      ui.input.value = '';
      autosize();
      ui.send.disabled = true;
    }
    ui.input.focus();
  }

  function showNotice(text, kind) {
    if (!ui) return;
    ui.notice.textContent = text || '';
    ui.notice.hidden = !text;
    if (kind) ui.notice.setAttribute('data-kind', kind); else ui.notice.removeAttribute('data-kind');
  }

  function setConnection(state) {
    connectionState = state;
    if (!ui) return;
    ui.conn.setAttribute('data-state', state);
    ui.connText.textContent = state === 'reconnecting' ? t('reconnecting') : t('connecting');
  }

  function showTyping(on) {
    clearTimeout(typingTimer);
    if (!ui) return;
    var s = loadState();
    ui.typingText.textContent = t('typing', { name: (s.agent && s.agent.name) || t('agent') });
    var wasNearBottom = nearBottom();
    ui.typing.hidden = !on;
    if (on) {
      typingTimer = setTimeout(function () { showTyping(false); }, TYPING_SHOWN);
      if (wasNearBottom) scrollDown();
    }
  }

  function openPanel() {
    if (!ui) { wantOpen = true; return; }
    open = true;
    panelMemory.set(true);
    hideBubble();
    ui.root.classList.add('is-open');
    ui.panel.setAttribute('data-open', 'true');
    ui.launcher.setAttribute('aria-expanded', 'true');
    ui.launcher.setAttribute('aria-label', t('closeChat'));
    render();
    scrollDown();
    // On touch screens focusing the input would throw the keyboard over the conversation.
    var touch = window.matchMedia && matchMedia('(pointer: coarse)').matches;
    setTimeout(function () { (touch ? ui.panel : ui.input).focus({ preventScroll: true }); }, 30);
    markRead();
  }

  function closePanel() {
    if (!ui) { wantOpen = false; return; }
    var hadFocus = ui.root.getRootNode().activeElement != null;
    open = false;
    panelMemory.set(false);
    ui.root.classList.remove('is-open');
    ui.panel.setAttribute('data-open', 'false');
    ui.launcher.setAttribute('aria-expanded', 'false');
    ui.launcher.setAttribute('aria-label', t('openChat'));
    stopTyping();
    if (hadFocus) ui.launcher.focus();
  }

  function nearBottom() {
    var b = ui.body;
    return b.scrollHeight - b.scrollTop - b.clientHeight < 80;
  }

  // Instant, not smooth: a smooth scroll still under way would read as "the visitor scrolled up"
  // when the next message arrives, and the list would stop following.
  function scrollDown() {
    ui.body.scrollTop = ui.body.scrollHeight;
    pinned = true;
  }

  // Whether the visitor is at the bottom of the conversation, as they last scrolled: what grows
  // later (an image that loads) keeps them there; one who scrolled up to read is left in peace.
  var pinned = true;

  function clock(at) {
    var d = new Date(at || NaN);
    if (isNaN(d)) return '';
    var time = d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
    return d.toDateString() === new Date().toDateString()
      ? time : d.toLocaleDateString(lang, { month: 'numeric', day: 'numeric' }) + ' ' + time;
  }

  function renderBadge() {
    if (!ui) return;
    var n = open ? 0 : loadState().unread;
    ui.badge.hidden = !n;
    ui.badge.textContent = n > 99 ? '99+' : String(n || '');
    ui.launcher.setAttribute('aria-label', open ? t('closeChat') : n ? t('openChat') + ' · ' + t('unread', { n: n }) : t('openChat'));
  }

  var nodes = {}; // render key -> element, so that a pending message keeps its element when acked

  /**
   * Draws the timeline from what is stored: the history in seq order, the notes about queue,
   * agent and ended conversations at the places they happened, then messages still on their way.
   */
  function render(ownMessage) {
    if (!ui) return;
    var s = loadState();
    var h = storedMessages(), o = outbox();
    var items = [], convOrder = [], lastOf = {};
    for (var i = 0; i < h.length; i++) {
      var m = h[i];
      if (lastOf[m.conversationId] == null) convOrder.push(m.conversationId);
      lastOf[m.conversationId] = items.length;
      items.push({ key: m.conversationId + '#' + m.seq, message: m });
    }
    // Notes go right after the message that was the latest when they happened.
    function placeAfter(conversationId, seq, item) {
      var at = items.length;
      for (var j = items.length - 1; j >= 0; j--) {
        var mm = items[j].message;
        if (mm && mm.conversationId === conversationId && mm.seq <= seq) { at = j + 1; break; }
        if (mm && mm.conversationId === conversationId) at = j;
      }
      items.splice(at, 0, item);
    }
    if (s.queue && s.queue.conversationId === s.conversationId) {
      placeAfter(s.queue.conversationId, s.queue.after, {
        key: 'queue', note: 'queue',
        // With nobody online a wait estimate would be a promise nobody can keep.
        text: s.online === false
          ? t('queueAway', { n: s.queue.position })
          : t('queue', { n: s.queue.position, m: Math.max(1, Math.ceil((s.queue.wait || 0) / 60)) })
      });
    }
    if (s.agent && s.agent.conversationId === s.conversationId && s.agent.name) {
      placeAfter(s.agent.conversationId, s.agent.after, { key: 'assigned', note: 'assigned', text: t('assigned', { name: s.agent.name }) });
    }
    var endedIds = convOrder.filter(function (id) { return s.ended[id]; });
    endedIds.forEach(function (id, n) {
      var latest = n === endedIds.length - 1 && !s.conversationId && convOrder[convOrder.length - 1] === id;
      placeAfter(id, Infinity, {
        key: 'ended#' + id, ended: true, conversationId: id,
        offer: latest && !offerDismissed && !o.length && mode(s) === 'chat',
        rate: n === endedIds.length - 1 && answeredByAgent(id)
      });
    });
    for (i = 0; i < o.length; i++) items.push({ key: 'p#' + o[i].clientMsgId, pending: o[i] });
    for (i = 0; i < failed.length; i++) items.push({ key: 'p#' + failed[i].clientMsgId, failed: failed[i] });

    var stick = ownMessage || pinned || nearBottom();
    var keep = {};
    for (i = 0; i < items.length; i++) {
      var item = items[i];
      // A run of messages from one sender shows the name once, and the time once a minute.
      var sender = senderOf(item), group = sender && sender + '@' + clock(atOf(item));
      item.first = !sender || sender !== senderOf(items[i - 1] || {});
      item.last = !group || group !== senderOf(items[i + 1] || {}) + '@' + clock(atOf(items[i + 1] || {}));
      var node = draw(item, s);
      keep[item.key] = node;
      if (ui.list.children[i] !== node) ui.list.insertBefore(node, ui.list.children[i] || null);
    }
    while (ui.list.children.length > items.length) ui.list.removeChild(ui.list.lastChild);
    nodes = keep;

    var greeting = proactiveText || s.greeting || (startedPrechat(s) ? t('greetingDefault') : '');
    if (ui.greetingText.textContent !== greeting) linkify(ui.greetingText, greeting);
    ui.greeting.hidden = !greeting;
    ui.greeting.setAttribute('data-kf', invited ? 'invite' : proactiveText ? 'proactive' : 'greeting');
    ui.blocked.hidden = !blocked;
    ui.body.hidden = blocked;
    if (blocked) {
      ui.composer.hidden = true;
      ui.offline.hidden = true;
      ui.notice.hidden = true;
      ui.conn.hidden = true;
      // Neither "online" nor "away": nobody here will answer this visitor.
      ui.sub.textContent = '';
      ui.root.classList.add('is-away');
      renderBadge();
      return;
    }
    ui.transcript.hidden = !transcriptTarget(s);
    renderForm(s);
    // While the pre-chat form offers a department that answers, someone is here to pick.
    var here = s.online == null ? null : s.online !== false || mode(s) === 'prechat';
    // Once a message is left, the hint above says that it was sent, not to leave one.
    var offlineText = s.left ? t('leftBanner') : (s.settings && s.settings.offlineText) || t('offline');
    if (ui.offline.textContent !== offlineText) ui.offline.textContent = offlineText;
    ui.offline.setAttribute('data-state', s.left ? 'left' : 'offline');
    ui.offline.hidden = here !== false;
    ui.root.classList.toggle('is-away', here === false);
    ui.root.classList.toggle('is-unknown', here == null);
    ui.sub.textContent = here == null ? t('hello') : here ? t('online') : t('away');
    ui.sub.setAttribute('data-state', here == null ? 'unknown' : here ? 'online' : 'away');
    renderBadge();
    if (stick && open) scrollDown();
  }

  function senderOf(item) {
    var sender = item.message ? item.message.sender : item.pending || item.failed ? { type: 'visitor' } : null;
    if (!sender || sender.type === 'system') return null;
    return sender.type + ':' + (sender.type === 'visitor' ? '' : sender.name || '');
  }

  function atOf(item) {
    var m = item.message || item.pending || item.failed;
    return m ? m.at : null;
  }

  function draw(item, s) {
    var node = nodes[item.key];
    if (item.note) {
      if (!node) node = el('div', { class: 'note', 'data-kf': item.note });
      node.textContent = item.text;
      return node;
    }
    if (item.ended) {
      if (!node) {
        node = el('div', { class: 'ended', 'data-kf': 'ended' }, [el('div', { class: 'rule', text: t('ended') })]);
      }
      var rate = node.querySelector('.rating');
      var rateKey = item.rate ? (s.rated[item.conversationId] ? 'done' : 'open') : '';
      if ((rate && rate.getAttribute('data-key')) !== rateKey) {
        if (rate) node.removeChild(rate);
        if (rateKey) {
          rate = ratingBlock(item.conversationId, s);
          rate.setAttribute('data-key', rateKey);
          node.insertBefore(rate, node.children[1] || null);
        }
      }
      var button = node.querySelector('.new');
      if (item.offer && !button) {
        node.appendChild(el('button', {
          type: 'button', class: 'new', text: t('startNew'),
          onclick: function () { offerDismissed = true; render(); ui.input.focus(); }
        }));
      } else if (!item.offer && button) {
        node.removeChild(button);
      }
      return node;
    }
    var m = item.message, p = item.pending || item.failed;
    var sender = m ? m.sender.type : 'visitor';
    if (['visitor', 'agent', 'bot', 'system'].indexOf(sender) < 0) sender = 'system';
    if (!node && m && sender === 'visitor') node = claimPending(m);
    if (!node) {
      node = el('div', { class: 'msg', 'data-kf': 'msg' }, [
        el('div', { class: 'name' }),
        el('div', { class: 'bubble' }, [el('div', { class: 'files', hidden: true }), el('div', { class: 'text', 'data-kf': 'text' })]),
        el('div', { class: 'meta' })
      ]);
    }
    var text = m ? m.text : p.text;
    var state = null, status = '';
    if (sender === 'visitor') {
      if (item.failed) { state = 'failed'; status = t('failed') + (p.error ? ': ' + p.error : ''); }
      else if (item.pending) { state = 'pending'; status = t('sending'); }
      else if ((s.read[m.conversationId] || 0) >= m.seq) { state = 'read'; status = t('read'); }
      else state = 'sent';
    }
    node.setAttribute('data-sender', sender);
    node.setAttribute('data-seq', m ? String(m.seq) : '');
    if (state) node.setAttribute('data-state', state); else node.removeAttribute('data-state');
    node.classList.toggle('cont', !item.first);
    var name = node.children[0], bubble = node.children[1], meta = node.children[2];
    var showName = item.first && (sender === 'agent' || sender === 'bot');
    name.hidden = !showName;
    name.textContent = showName ? (m.sender.name || t(sender)) : '';
    drawFile(bubble.firstChild, m ? m.file : p.file);
    if (bubble.lastChild.textContent !== text) linkify(bubble.lastChild, text);
    meta.hidden = sender === 'system' || (!item.last && (state == null || state === 'sent' || state === 'read'));
    meta.textContent = [clock(m ? m.at : p.at), status].filter(Boolean).join(' · ');
    return node;
  }

  // An address in a message: http or https only, up to white space or a character that no address
  // holds unencoded; punctuation that ends a sentence is not part of it.
  var URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/gi;

  /**
   * Puts the text into the element as text, with each http(s) address in it as a link that opens
   * in a new tab. Built with DOM calls only: nothing of the text is ever read as markup.
   */
  function linkify(node, text) {
    node.textContent = '';
    var at = 0, match;
    URL_IN_TEXT.lastIndex = 0;
    while ((match = URL_IN_TEXT.exec(text))) {
      var address = match[0].replace(/[.,;:!?)\]}]+$/, '');
      var parsed = null;
      try { parsed = new URL(address); } catch (e) { parsed = null; }
      if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) continue;
      if (match.index > at) node.appendChild(document.createTextNode(text.slice(at, match.index)));
      node.appendChild(el('a', {
        href: parsed.href, target: '_blank', rel: 'noopener noreferrer', class: 'link', 'data-kf': 'link', text: address
      }));
      at = match.index + address.length;
      URL_IN_TEXT.lastIndex = at;
    }
    if (at < text.length) node.appendChild(document.createTextNode(text.slice(at)));
  }

  /** The element of a pending message becomes that of the stored one when its ack arrives. */
  function claimPending(m) {
    for (var key in nodes) {
      var node = nodes[key];
      if (key.slice(0, 2) === 'p#' && node.getAttribute('data-state') === 'pending' &&
          node.querySelector('[data-kf="text"]').textContent === m.text &&
          node.querySelector('.files').getAttribute('data-file') === (m.file ? m.file.id : '')) {
        delete nodes[key];
        return node;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- page life

  var wantOpen = false;

  function start() {
    build();
    applySettings(loadState().settings);
    render();
    setConnection(connectionState);
    if (wantOpen || panelMemory.get()) openPanel();
    connect();
    setInterval(tick, 5000);
    window.addEventListener('online', reconnectNow);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState !== 'visible') return;
      reconnectNow();
      markRead();
    });
    window.addEventListener('storage', function (e) {
      // Another tab of the same site changed the conversation: show what it knows too.
      if (e.key && e.key.indexOf(store.key('')) === 0) render();
    });
    window.addEventListener('pagehide', function (e) {
      if (!e.persisted) return;
      suspended = true;
      if (ws) drop(ws);
    });
    window.addEventListener('pageshow', function (e) {
      if (!e.persisted) return;
      suspended = false;
      connect();
    });
    try { window.dispatchEvent(new CustomEvent('kefu:ready')); } catch (e) { /* very old browser */ }
  }

  function tick() {
    if (!ws) return;
    var now = Date.now();
    if (welcomed && now - pingAt >= PING_EVERY) {
      pingAt = now;
      out({ type: 'ping' });
    }
    // Silence alone is not death: timers in background tabs may run late. A ping left
    // unanswered on top of it is.
    if (now - lastFrameAt > SILENCE_IS_DEAD && pingAt > lastFrameAt && now - pingAt > 10000) drop(ws);
  }

  window.Kefu = Object.freeze(Object.defineProperties({}, {
    version: { value: '1', enumerable: true },
    open: { value: function () { openPanel(); }, enumerable: true },
    close: { value: function () { closePanel(); }, enumerable: true },
    toggle: { value: function () { open ? closePanel() : openPanel(); }, enumerable: true },
    /** Identity verification after load: the next hello carries it, so the socket starts over. */
    identify: {
      value: function (who) {
        if (!who || !who.userId) return;
        identity = {
          userId: String(who.userId), name: who.name || null, email: who.email || null,
          ts: who.ts == null ? null : Number(who.ts), hash: who.hash || null
        };
        if (ws) { drop(ws); attempt = 0; clearTimeout(retryTimer); retryTimer = 0; connect(); }
      },
      enumerable: true
    },
    state: {
      get: function () {
        var s = loadState();
        return Object.freeze({
          visitorId: s.visitorId || null,
          conversationId: s.conversationId || null,
          connected: connected(),
          open: open,
          unread: s.unread
        });
      },
      enumerable: true
    }
  }));

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
