// Language of the staff pages (sign-in and agent console). The choice is kept under one key so
// that signing in and working in the console speak the same language.

const STORAGE_KEY = 'kefu:lang';

export const LANGUAGES = ['zh-CN', 'en'];

function stored() {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(value) ? value : null;
  } catch {
    return null; // storage refused (private mode, policy): fall back to the browser's language
  }
}

/** The stored choice, else the browser's first language: any Chinese gives zh-CN, else en. */
export function preferredLanguage() {
  const choice = stored();
  if (choice) {
    return choice;
  }
  const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const tag of wanted) {
    const lower = String(tag || '').toLowerCase();
    if (lower.startsWith('zh')) {
      return 'zh-CN';
    }
    if (lower.startsWith('en')) {
      return 'en';
    }
  }
  return 'en';
}

/**
 * Texts of one page in every language. Elements carry `data-i18n="key"` (text content) and
 * `data-i18n-attr="attribute:key;attribute:key"`; `apply` fills them, and listeners redraw
 * whatever the page builds itself.
 */
export class Texts {
  constructor(dictionaries) {
    this.dictionaries = dictionaries;
    this.lang = preferredLanguage();
    this.listeners = [];
  }

  /** The text for `key` with `{name}` placeholders filled from `params`. */
  t(key, params) {
    const text = this.dictionaries[this.lang][key] ?? this.dictionaries.en[key] ?? key;
    if (!params) {
      return text;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }

  setLanguage(lang) {
    if (!LANGUAGES.includes(lang) || lang === this.lang) {
      return;
    }
    this.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Not remembered; the page still switches.
    }
    this.apply();
    this.listeners.forEach((listener) => listener(lang));
  }

  onChange(listener) {
    this.listeners.push(listener);
  }

  apply(root = document) {
    document.documentElement.lang = this.lang;
    root.querySelectorAll('[data-i18n]').forEach((element) => {
      element.textContent = this.t(element.dataset.i18n);
    });
    root.querySelectorAll('[data-i18n-attr]').forEach((element) => {
      for (const pair of element.dataset.i18nAttr.split(';')) {
        const [attribute, key] = pair.split(':');
        if (attribute && key) {
          element.setAttribute(attribute.trim(), this.t(key.trim()));
        }
      }
    });
  }

  /** Binds a `<select>` of languages to this page's language, both ways. */
  bindSelect(select) {
    select.value = this.lang;
    select.addEventListener('change', () => this.setLanguage(select.value));
    this.onChange((lang) => {
      select.value = lang;
    });
  }
}
