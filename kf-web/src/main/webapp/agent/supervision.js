// For supervisors and admins: the live conversations of the departments they supervise, to watch
// one as it goes (messages, typing, notes) and take it over.
import { api, HttpError } from './api.js';
import { make } from './dom.js';
import { visitorName } from './view.js';

// The list follows the server's `live` and `waiting` frames at once; this slow refresh only
// catches what a lost frame (a reconnect) missed.
const REFRESH_MS = 60_000;

/** The "Live" tab of the sidebar. */
export class LiveList {
  /**
   * @param elements { tab, list, section }
   * @param texts the page's Texts
   * @param watch (conversationId) -> void
   */
  constructor({ tab, list, section }, texts, watch) {
    this.tab = tab;
    this.list = list;
    this.section = section;
    this.texts = texts;
    this.watch = watch;
    this.timer = null;
    this.tab.hidden = false;
    list.addEventListener('click', (event) => {
      const item = event.target.closest('[data-live-id]');
      if (item) {
        this.watch(item.dataset.liveId);
      }
    });
  }

  start() {
    this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (!document.hidden && !this.section.hidden) {
        this.refresh();
      }
    }, REFRESH_MS);
  }

  /** A live conversation of the supervisor's departments changed: the list follows at once. */
  changed() {
    if (this.section.hidden || this.pending) {
      return;
    }
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.refresh();
    });
  }

  async refresh() {
    let live;
    const asked = (this.asked = (this.asked || 0) + 1);
    try {
      live = await api('conversations/live');
      if (asked !== this.asked) {
        return; // a later answer is on its way: an older one must not overwrite it
      }
    } catch (error) {
      if (error instanceof HttpError) {
        return;
      }
      throw error;
    }
    const t = this.texts.t.bind(this.texts);
    if (!live.length) {
      this.list.replaceChildren(make('li', 'sidebar__empty', t('live.none')));
      return;
    }
    this.list.replaceChildren(
      ...live.map((c) => {
        const item = make('li', 'conv live');
        const button = make('button', 'conv__button');
        button.type = 'button';
        button.dataset.liveId = c.id;
        button.dataset.kf = 'live-item';
        button.dataset.state = c.state;
        button.dataset.conversationId = c.id;
        const body = make('span', 'conv__body');
        const top = make('span', 'conv__row');
        top.append(
          make('span', 'conv__name', visitorName(this.texts, { id: c.visitorId, name: c.visitorName })),
          make('span', 'tag', t(`state.${c.state}`)),
        );
        const bottom = make('span', 'conv__row');
        bottom.append(make('span', 'conv__preview', c.agentName ? t('live.agent', { name: c.agentName }) : t('live.queued')));
        body.append(top, bottom);
        button.append(body);
        item.append(button);
        return item;
      }),
    );
  }
}
