// Handing a conversation on: to another agent or to a department's queue, with a note that only
// staff read (the visitor is told who takes over, not the note).
import { api, HttpError } from './api.js';

// Who can take a conversation now comes first: online agents, then those in a status of the
// tenant's own, then away, and offline ones last (they get it only when they come back).
const ORDER = { online: 0, custom: 1, away: 2, offline: 3 };

/** The transfer dialog. */
export class TransferDialog {
  /**
   * @param dialog the <dialog> element
   * @param texts the page's Texts
   * @param transfer (conversationId, {toAgentId | toDepartmentId}, note, name) -> bool: sends the frame
   */
  constructor(dialog, texts, transfer) {
    this.dialog = dialog;
    this.texts = texts;
    this.transfer = transfer;
    this.target = dialog.querySelector('[data-kf="transfer-target"]');
    this.note = dialog.querySelector('[data-kf="transfer-note"]');
    this.conversationId = null;
    dialog.querySelector('form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    dialog.querySelector('[data-role="transfer-cancel"]').addEventListener('click', () => dialog.close());
  }

  async open(conversationId, meId, currentAgentId) {
    this.conversationId = conversationId;
    this.note.value = '';
    const t = this.texts.t.bind(this.texts);
    this.target.replaceChildren(new Option(t('transfer.loading'), ''));
    this.dialog.showModal();
    let targets = { agents: [], departments: [] };
    try {
      targets = await api('transfer-targets');
    } catch (error) {
      if (!(error instanceof HttpError)) {
        throw error;
      }
    }
    const agents = document.createElement('optgroup');
    agents.label = t('transfer.agents');
    const others = targets.agents
      .filter((agent) => agent.id !== meId && agent.id !== currentAgentId)
      .map((agent, index) => ({ agent, index, rank: ORDER[agent.status] ?? 2 }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index);
    for (const { agent } of others) {
      const status = t(`status.${agent.status}`);
      const label = `${agent.name} · ${status.startsWith('status.') ? t('status.other') : status}`;
      const option = new Option(label, `agent:${agent.id}`);
      option.dataset.name = agent.name;
      option.dataset.status = agent.status;
      if (agent.status === 'offline') {
        option.className = 'is-offline';
      }
      agents.append(option);
    }
    const departments = document.createElement('optgroup');
    departments.label = t('transfer.departments');
    for (const department of targets.departments) {
      const option = new Option(department.name, `department:${department.id}`);
      option.dataset.name = department.name;
      departments.append(option);
    }
    this.target.replaceChildren(agents, departments);
    // Never an offline agent by default: the first who can answer now, else the first department.
    const first = others.find(({ agent }) => agent.status !== 'offline');
    this.target.value = first
      ? `agent:${first.agent.id}`
      : targets.departments.length
        ? `department:${targets.departments[0].id}`
        : (others[0] ? `agent:${others[0].agent.id}` : '');
  }

  submit() {
    const [kind, id] = String(this.target.value).split(':');
    if (!id) {
      return;
    }
    const to = kind === 'agent' ? { toAgentId: id } : { toDepartmentId: id };
    const name = this.target.selectedOptions[0]?.dataset.name || '';
    if (this.transfer(this.conversationId, to, this.note.value.trim(), name)) {
      this.dialog.close();
    }
  }
}
