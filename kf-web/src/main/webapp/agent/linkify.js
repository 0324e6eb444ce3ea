// Web addresses in a message become links; everything else stays text. The message is never
// parsed as HTML: the result is built from text nodes and <a> elements, so markup a visitor typed
// shows as the characters they typed. Only http: and https: addresses become links (never
// javascript:, data: or anything else). Depends on nothing but the DOM, so that any page of Kefu
// can use it as it is.

// An address runs to the first space or character that cannot be in one; full-width punctuation
// (Chinese text puts no space before it) ends it too.
const ADDRESS = /\bhttps?:\/\/[^\s<>"'`，。！？；：、（）《》【】「」『』“”‘’]+/gi;
// Punctuation that ends a sentence rather than the address: "see https://x.example/a." or "(https://x.example)".
const TRAILING = /[.,;:!?)\]}'"*]+$/;

/** The address as a link target, or null when it is not an http(s) address the browser accepts. */
export function webHref(candidate) {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The text as a DocumentFragment: text nodes, and an `<a target="_blank" rel="noopener
 * noreferrer">` for each http(s) address, whose text is the address as written.
 * @param text the message's text
 * @param doc the document to build in (the page's by default)
 */
export function linkify(text, doc = document) {
  const fragment = doc.createDocumentFragment();
  const source = String(text ?? '');
  let from = 0;
  for (const match of source.matchAll(ADDRESS)) {
    let address = match[0];
    // A closing bracket belongs to the address only when it also opens one (a wiki link, say).
    while (TRAILING.test(address)) {
      const last = address.slice(-1);
      if (last === ')' && (address.match(/\(/g) || []).length >= (address.match(/\)/g) || []).length) {
        break;
      }
      address = address.slice(0, -1);
    }
    const href = webHref(address);
    if (!href) {
      continue;
    }
    if (match.index > from) {
      fragment.append(doc.createTextNode(source.slice(from, match.index)));
    }
    const link = doc.createElement('a');
    link.href = href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = address;
    link.dataset.kf = 'link';
    fragment.append(link);
    from = match.index + address.length;
  }
  if (from < source.length) {
    fragment.append(doc.createTextNode(source.slice(from)));
  }
  return fragment;
}
