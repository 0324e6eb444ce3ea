// Frames of every type of docs/protocol.md, valid ones and mutated ones: fields of the wrong kind,
// huge and tiny numbers, lone surrogates, control characters, deep nesting, unknown fields and
// types, truncations, duplicate keys, and ids that exist but belong to someone else.
//
// A frame is built as a value tree and written out by `encode`, which also writes raw JSON text
// (`new Raw(...)`): numbers JSON.stringify cannot express (1e-2147483648, 10,000 digits), and text
// that is not JSON at all. JSON.stringify writes a lone surrogate as its escape (\ud800), which is
// what a hostile client sends: valid JSON that decodes to invalid Unicode.

/** JSON text written as it is. */
export class Raw {
  constructor(text) {
    this.text = text;
  }
}

export function encode(value) {
  if (value instanceof Raw) {
    return value.text;
  }
  if (Array.isArray(value)) {
    return `[${value.map(encode).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${encode(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const deepArrays = (n) => new Raw('['.repeat(n) + ']'.repeat(n));
const deepObjects = (n) => new Raw('{"a":'.repeat(n) + '1' + '}'.repeat(n));

/** Values of the wrong kind, out of range, or not valid text; [label, value]. */
export const ODD_VALUES = [
  ['null', null],
  ['true', true],
  ['zero', 0],
  ['minus-one', -1],
  ['fraction', 1.5],
  ['minus-zero', new Raw('-0')],
  ['exponent-1e-2147483648', new Raw('1e-2147483648')],
  ['exponent-1e2147483648', new Raw('1e2147483648')],
  ['exponent-overflow', new Raw('1e99999999999999999999')],
  ['10000-digits', new Raw('9'.repeat(10_000))],
  ['2^64+1', new Raw('18446744073709551617')],
  ['2^63', new Raw('9223372036854775808')],
  ['-2^63-1', new Raw('-9223372036854775809')],
  ['beyond-double', new Raw('1.8e308')],
  ['NaN', new Raw('NaN')],
  ['Infinity', new Raw('Infinity')],
  ['hex-number', new Raw('0x10')],
  ['leading-zero', new Raw('007')],
  ['empty', ''],
  ['blank', '   '],
  ['lone-high-surrogate', '\ud800'],
  ['lone-low-surrogate', 'lone \udfff'],
  ['surrogate-inside', 'a\ud800b'],
  ['reversed-pair', '\udc00\ud800'],
  ['nul', 'a\u0000b'],
  ['esc', '\u001b[31mred'],
  ['crlf-header', 'x@example.com\r\nBcc: victim@example.com'],
  ['bom', '\ufeffhello'],
  ['rtl-override', '\u202egnp.exe'],
  ['zero-width', '\u200b\u200d\u2060'],
  ['raw-control-in-string', new Raw('"a\u0001b"')],
  ['raw-newline-in-string', new Raw('"a\nb"')],
  ['bad-escape', new Raw('"\\x41\\u12"')],
  ['emoji-after-499', 'a'.repeat(499) + '😀'],
  ['emoji-after-199', 'a'.repeat(199) + '😀'],
  ['emoji-after-99', 'a'.repeat(99) + '😀'],
  ['text-4000', 'a'.repeat(4000)],
  ['text-4001', 'a'.repeat(4001)],
  ['emoji-2000', '😀'.repeat(2000)],
  ['han-4000', '中'.repeat(4000)],
  ['combining-3000', `e${'\u0301'.repeat(3000)}`],
  ['family-emoji', '👨‍👩‍👧‍👦'.repeat(100)],
  ['array', []],
  ['object', {}],
  ['nested', { a: { b: { c: [1, { d: null }] } } }],
  ['strings', ['a', 'b']],
  ['deep-arrays-2000', deepArrays(2000)],
  ['deep-objects-1000', deepObjects(1000)],
  ['path', '../../../etc/passwd'],
  ['markup', '<img src=x onerror=alert(1)>'],
  ['sql', "' OR 1=1 --"],
  ['long-id', `c-${'a'.repeat(2000)}`],
  ['percent', '%00%2e%2e%2f'],
  ['escaped-backslash', '\\u0000'],
];

/** Whole frames that are not an object, not JSON, or nested beyond any parser's limit. */
export const ODD_FRAMES = [
  ['empty-frame', ''],
  ['blank-frame', '   '],
  ['array', '[]'],
  ['string', '"x"'],
  ['number', '123'],
  ['null', 'null'],
  ['true', 'true'],
  ['open-brace', '{'],
  ['bom-object', '\ufeff{"type":"ping"}'],
  ['two-objects', '{"type":"ping"}{"type":"ping"}'],
  ['trailing-garbage', '{"type":"ping"} x'],
  ['comment', '/* hi */{"type":"ping"}'],
  ['single-quotes', "{'type':'ping'}"],
  ['unquoted-keys', '{type:"ping"}'],
  ['nesting-10000-open', `{"type":"send","x":${'['.repeat(10_000)}`],
  ['nesting-5000-closed', `{"type":"send","x":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ['objects-2000-deep', `{"type":"send","x":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`],
  ['seq-1e-2147483648', '{"type":"read","conversationId":"c-1","seq":1e-2147483648}'],
  ['number-10000-digits', `{"type":"read","conversationId":"c-1","seq":${'1'.repeat(10_000)}}`],
  ['type-number-10000-digits', `{"type":${'7'.repeat(10_000)}}`],
  ['lone-surrogate-key', '{"type":"ping","\\ud800":1}'],
  ['raw-nul', '{"type":"ping","x":"\u0000"}'],
  ['unicode-escapes-only', `{"type":"${'\\u0070'.repeat(500)}"}`],
];

const ODD_TYPES = [
  ['unknown', 'sendx'],
  ['upper-case', 'SEND'],
  ['blank', ''],
  ['number', 7],
  ['null', null],
  ['array', ['send']],
  ['object', { type: 'send' }],
  ['long', 'x'.repeat(5000)],
  ['lone-surrogate', '\ud800'],
  ['nul', 'ping\u0000'],
  ['padded', ' ping '],
];

const VALID_TEXTS = [
  'Hello, is my order shipped?',
  '你好，请问订单发货了吗？',
  'emoji 😀👍🏽 👨‍👩‍👧 🇨🇳',
  'مرحبا، هل يمكنك المساعدة؟',
  'line one\nline two\r\nline three',
  '   trimmed at both ends   ',
  'e\u0301 composed and decomposed é',
  'tab\tinside',
];

/** What frames draw their ids from: the run's own ids, others' ids and made-up ones. */
export class Pools {
  constructor(random) {
    this.random = random;
    this.conversations = [];
    this.visitorTokens = [];
    this.clientMsgIds = [];
    this.agentIds = [];
    this.departmentIds = [];
    this.statusIds = [];
    this.foreignConversations = []; // the canaries': never to be reached by fuzzed frames
  }

  remember(list, value, max = 500) {
    if (value && !list.includes(value)) {
      list.push(value);
      if (list.length > max) {
        list.splice(0, list.length - max);
      }
    }
  }

  /** An id that exists (ours, someone else's, a canary's) or that never did. */
  conversationId(own) {
    const r = this.random;
    const choice = r.weighted({ own: 5, other: 3, foreign: 2, madeUp: 1 });
    if (choice === 'own' && own) {
      return own;
    }
    if (choice === 'foreign' && this.foreignConversations.length > 0) {
      return r.pick(this.foreignConversations);
    }
    if (choice !== 'madeUp' && this.conversations.length > 0) {
      return r.pick(this.conversations);
    }
    return r.pick([`c-${r.hex(32)}`, 'c-', 'c-1', own ?? `c-${r.hex(8)}`]);
  }

  anyOf(list, madeUpPrefix) {
    const r = this.random;
    return list.length > 0 && r.chance(0.8) ? r.pick(list) : `${madeUpPrefix}-${r.hex(32)}`;
  }

  text() {
    const r = this.random;
    return r.chance(0.85) ? r.pick(VALID_TEXTS) : `${r.pick(VALID_TEXTS)} ${'x'.repeat(r.int(1, 3000))}`;
  }
}

/** Every leaf of a frame, as a path of keys, for a mutation to land on. */
function leaves(value, path = [], out = []) {
  if (value !== null && typeof value === 'object' && !(value instanceof Raw)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && path.length > 0) {
      out.push(path);
    }
    for (const key of keys) {
      leaves(value[key], [...path, key], out);
    }
  } else if (path.length > 0) {
    out.push(path);
  }
  return out;
}

function setAt(target, path, value) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node = node[key];
  }
  node[path[path.length - 1]] = value;
}

const ID_FIELDS = ['conversationId', 'clientMsgId', 'fileId', 'departmentId', 'toAgentId', 'toDepartmentId', 'statusId', 'visitorToken'];

/**
 * One frame to send: `valid(random)` builds a valid frame; the answer is {text|bytes, label},
 * where label names the frame type and the mutation (for the samples of the summary).
 */
export function mutate(random, frame, pools, ownConversation, { closing = true } = {}) {
  const type = typeof frame.type === 'string' ? frame.type : '?';
  const kind = random.weighted({
    valid: 25,
    oddValue: 32,
    foreignId: 8,
    dropField: 5,
    unknownField: 4,
    oddType: 5,
    duplicateKey: 3,
    truncate: 5,
    oddFrame: 6,
    junkAround: 3,
    manyFields: 1,
    ...(closing ? { binary: 1, badUtf8: 1, oversize: 0.5 } : {}),
  });
  const copy = structuredCopy(frame);
  switch (kind) {
    case 'valid':
      return { text: encode(copy), label: `${type}/valid` };
    case 'oddValue': {
      const paths = leaves(copy).filter((p) => p[0] !== 'type');
      const path = paths.length > 0 ? random.pick(paths) : ['x'];
      const [label, value] = random.pick(ODD_VALUES);
      setAt(copy, path, value);
      return { text: encode(copy), label: `${type}/${path.join('.')}=${label}` };
    }
    case 'foreignId': {
      const field = random.pick(ID_FIELDS.filter((f) => f in copy).concat(['conversationId']));
      copy[field] =
        field === 'conversationId'
          ? pools.conversationId(random.chance(0.5) ? null : ownConversation)
          : field === 'visitorToken'
            ? pools.anyOf(pools.visitorTokens, 'token')
            : field === 'clientMsgId'
              ? pools.anyOf(pools.clientMsgIds, 'm')
              : field === 'toAgentId'
                ? pools.anyOf(pools.agentIds, 'a')
                : field.endsWith('epartmentId')
                  ? pools.anyOf(pools.departmentIds, 'd')
                  : `${field.slice(0, 2)}-${random.hex(32)}`;
      return { text: encode(copy), label: `${type}/foreign-${field}` };
    }
    case 'dropField': {
      const keys = Object.keys(copy).filter((k) => k !== 'type');
      if (keys.length > 0) {
        delete copy[random.pick(keys)];
      }
      return { text: encode(copy), label: `${type}/drop-field` };
    }
    case 'unknownField': {
      const [label, value] = random.pick(ODD_VALUES);
      // defineProperty, so that "__proto__" becomes a key of the frame rather than its prototype.
      const key = random.pick(['x', 'extra', '__proto__', 'constructor', 'type2', `f${random.hex(6)}`]);
      Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
      return { text: encode(copy), label: `${type}/unknown-field=${label}` };
    }
    case 'oddType': {
      const [label, value] = random.pick(ODD_TYPES);
      if (label === 'null' && random.chance(0.5)) {
        delete copy.type;
        return { text: encode(copy), label: `${type}/type-missing` };
      }
      copy.type = value;
      return { text: encode(copy), label: `${type}/type-${label}` };
    }
    case 'duplicateKey': {
      const text = encode(copy);
      return { text: `{"type":"${random.pick(['ping', 'hello', 'close', 'send'])}",${text.slice(1)}`, label: `${type}/duplicate-type` };
    }
    case 'truncate': {
      const text = encode(copy);
      return { text: text.slice(0, random.int(0, Math.max(0, text.length - 1))), label: `${type}/truncated` };
    }
    case 'oddFrame': {
      const [label, text] = random.pick(ODD_FRAMES);
      return { text, label: `frame/${label}` };
    }
    case 'junkAround': {
      const text = encode(copy);
      const [label, framed] = random.pick([
        ['bom', `\ufeff${text}`],
        ['whitespace', ` \n\t${text}\n `],
        ['trailing-comma', `${text.slice(0, -1)},}`],
        ['trailing-object', `${text}{}`],
      ]);
      return { text: framed, label: `${type}/junk-${label}` };
    }
    case 'manyFields': {
      for (let i = 0; i < 1000; i += 1) {
        copy[`k${i}`] = i;
      }
      return { text: encode(copy), label: `${type}/1000-fields` };
    }
    case 'binary':
      return { bytes: Buffer.from(encode(copy)), binary: true, label: `${type}/binary-frame` };
    case 'badUtf8':
      return { bytes: Buffer.concat([Buffer.from('{"type":"send","text":"'), Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, 0xff]), Buffer.from('"}')]), label: `${type}/invalid-utf8` };
    case 'oversize':
      return { text: encode({ ...copy, text: 'a'.repeat(17 * 1024) }), label: `${type}/over-16KiB` };
    default:
      throw new Error(kind);
  }
}

function structuredCopy(value) {
  if (value instanceof Raw || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(structuredCopy);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, structuredCopy(v)]));
}

/** Valid visitor frames of every type the visitor socket takes. */
export function visitorFrame(random, type, pools, state) {
  const conversationId = state.conversationId ?? pools.conversationId(null);
  switch (type) {
    case 'hello':
      return {
        type: 'hello',
        protocol: 1,
        visitorToken: state.token ?? null,
        page: { url: `https://shop.example/${random.pick(['cart', 'pricing', 'help/faq', ''])}?q=${random.hex(4)}`, title: random.pick(['Cart', '购物车', 'Pricing 😀']), referrer: 'https://search.example/' },
        locale: random.pick(['zh-CN', 'en', 'en-US', 'ja']),
        ...(random.chance(0.2) ? { identity: { userId: `u-${random.hex(6)}`, name: 'Li Lei', email: 'li@example.com', ts: Math.floor(Date.now() / 1000), hash: random.hex(64) } } : {}),
        ...(conversationId && random.chance(0.3) ? { resume: { conversationId, lastSeq: random.int(0, 5) } } : {}),
      };
    case 'send':
      return {
        type: 'send',
        clientMsgId: random.uuid(),
        text: pools.text(),
        ...(random.chance(0.15)
          ? { prechat: { departmentId: pools.anyOf(pools.departmentIds, 'd'), fields: { name: 'Wang Fang', email: 'wang@example.com', phone: '+86 138 0000 0000', order: `A-${random.int(1, 9999)}` } } }
          : {}),
        ...(random.chance(0.05) ? { fileId: `f-${random.hex(32)}` } : {}),
      };
    case 'typing':
      return { type: 'typing', on: random.chance(0.5) };
    case 'read':
      return { type: 'read', conversationId, seq: random.int(0, 20) };
    case 'page':
      return { type: 'page', url: `https://shop.example/p/${random.hex(6)}`, title: random.pick(['Checkout', '结账', 'Product ✓']) };
    case 'close':
      return { type: 'close', conversationId };
    case 'rate':
      return { type: 'rate', conversationId, score: random.int(1, 5), comment: random.chance(0.5) ? 'Great help' : undefined };
    case 'transcript':
      return { type: 'transcript', conversationId, locale: random.pick(['zh-CN', 'en']) };
    case 'leave_message':
      return {
        type: 'leave_message',
        clientMsgId: random.uuid(),
        departmentId: random.chance(0.3) ? pools.anyOf(pools.departmentIds, 'd') : undefined,
        name: random.pick(['Wang Fang', 'Li Lei']),
        contact: random.pick(['wang@example.com', '+86 138 0000 0000']),
        text: pools.text(),
      };
    case 'ping':
      return { type: 'ping' };
    default:
      return { type };
  }
}

export const VISITOR_TYPES = {
  send: 30,
  ping: 8,
  typing: 6,
  read: 8,
  page: 8,
  close: 4,
  rate: 6,
  transcript: 6,
  leave_message: 8,
  hello: 2,
  status: 1,
  transfer: 1,
};

/** Valid agent frames of every type the agent socket takes. */
export function agentFrame(random, type, pools, state) {
  const held = [...state.held.keys()];
  const conversationId = held.length > 0 && random.chance(0.7) ? random.pick(held) : pools.conversationId(null);
  switch (type) {
    case 'hello': {
      // Now and then the 15 KB hello of the reproduction: 258 resume entries.
      const entries = random.chance(0.1) ? 258 : random.int(0, 5);
      const resume = [];
      for (let i = 0; i < entries; i += 1) {
        resume.push({ conversationId: held.length > 0 ? random.pick(held) : pools.conversationId(null), lastSeq: random.int(0, 3) });
      }
      return { type: 'hello', protocol: 1, resume };
    }
    case 'status': {
      const value = random.weighted({ online: 6, away: 1, offline: 1, custom: 1, busy: 0.5 });
      return value === 'custom' ? { type: 'status', value, statusId: pools.anyOf(pools.statusIds, 'st') } : { type: 'status', value };
    }
    case 'send':
      return { type: 'send', conversationId, clientMsgId: random.uuid(), text: pools.text() };
    case 'note':
      return { type: 'note', conversationId, clientMsgId: random.uuid(), text: pools.text() };
    case 'typing':
      return { type: 'typing', conversationId, on: random.chance(0.5) };
    case 'read':
      return { type: 'read', conversationId, seq: random.int(0, 20) };
    case 'transfer':
      return random.chance(0.5)
        ? { type: 'transfer', conversationId, toAgentId: pools.anyOf(pools.agentIds, 'a'), note: 'VIP' }
        : { type: 'transfer', conversationId, toDepartmentId: pools.anyOf(pools.departmentIds, 'd'), note: 'please' };
    case 'close':
    case 'watch':
    case 'unwatch':
    case 'take':
      return { type, conversationId };
    case 'ping':
      return { type: 'ping' };
    default:
      return { type };
  }
}

export const AGENT_TYPES = {
  send: 25,
  note: 8,
  ping: 8,
  typing: 6,
  read: 8,
  status: 6,
  transfer: 5,
  close: 4,
  watch: 5,
  unwatch: 3,
  take: 3,
  hello: 2,
  transcript: 1,
};

/**
 * The reproductions of the faults found so far, sent first in every run (each by one
 * socket), so that a short run covers them too: [label, build(state) → frame or null while the
 * socket lacks what the frame needs].
 */
export function visitorReproductions() {
  const text = (label, value) => [`repro/send-${label}`, () => `{"type":"send","clientMsgId":"${crypto.randomUUID()}","text":${JSON.stringify(value)}}`];
  return [
    text('lone-surrogate', '\ud800'),
    text('nul', 'a\u0000b'),
    text('esc', '\u001b[31mred'),
    ['repro/nesting-10000', () => `{"type":"send","x":${'['.repeat(10_000)}`],
    ['repro/seq-1e-2147483648', (s) => s.conversationId && `{"type":"read","conversationId":"${s.conversationId}","seq":1e-2147483648}`],
    ['repro/seq-10000-digits', (s) => s.conversationId && `{"type":"read","conversationId":"${s.conversationId}","seq":${'1'.repeat(10_000)}}`],
    ['repro/seq-2^64+1', (s) => s.conversationId && `{"type":"read","conversationId":"${s.conversationId}","seq":18446744073709551617}`],
    ['repro/score-2^64+3', (s) => s.conversationId && `{"type":"rate","conversationId":"${s.conversationId}","score":18446744073709551619}`],
    ['repro/contact-crlf', () => `{"type":"leave_message","clientMsgId":"${crypto.randomUUID()}","name":"x","contact":"x@example.com\\r\\nBcc: victim@example.com","text":"call me"}`],
    ['repro/page-title-cut-emoji', () => JSON.stringify({ type: 'page', url: 'https://shop.example/long', title: `${'a'.repeat(499)}😀` })],
  ];
}

/** Hellos of the reproductions: texts whose stored cut splits a character, invalid text. */
export function visitorHelloReproductions() {
  const hello = (label, page, extra = {}) => [`repro/hello-${label}`, () => JSON.stringify({ type: 'hello', protocol: 1, visitorToken: null, page, locale: 'en', ...extra })];
  return [
    hello('title-499-a-emoji', { url: 'https://shop.example/a', title: `${'a'.repeat(499)}😀`, referrer: null }),
    hello('title-lone-surrogate', { url: 'https://shop.example/b', title: 'x\ud800', referrer: null }),
    hello('locale-lone-surrogate', { url: 'https://shop.example/c', title: 'C' }, { locale: '\udfffzh' }),
    hello('referrer-nul', { url: 'https://shop.example/d', title: 'D', referrer: 'https://r.example/\u0000' }),
  ];
}

export function agentReproductions() {
  return [
    ['repro/agent-send-lone-surrogate', (s) => s.held.size > 0 && `{"type":"send","conversationId":"${[...s.held.keys()][0]}","clientMsgId":"${crypto.randomUUID()}","text":"lone \\udfff"}`],
    ['repro/agent-note-nul', (s) => s.held.size > 0 && `{"type":"note","conversationId":"${[...s.held.keys()][0]}","clientMsgId":"${crypto.randomUUID()}","text":"a\\u0000b"}`],
  ];
}

/** The agent hello of the reproduction: 258 resume entries. */
export function agentHelloReproductions(pools) {
  return [
    [
      'repro/hello-258-resume-entries',
      () => {
        const ids = pools.conversations.length > 0 ? pools.conversations : [`c-${'0'.repeat(22)}`];
        return JSON.stringify({ type: 'hello', protocol: 1, resume: Array.from({ length: 258 }, (_, i) => ({ conversationId: ids[i % ids.length], lastSeq: 0 })) });
      },
    ],
  ];
}
