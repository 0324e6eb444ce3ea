// Handing a conversation on: to another agent or to a department's queue, with a note that only
// staff read (the visitor is told who takes over, not the note).
import { api, HttpError } from './api.js';

/** The transfer dialog. */
export class TransferDialog {
  /**
   * @param dialog the <dialog> element
   * @param texts the page's Texts
   * @param transfer (conversationId, {toAgentId | toDepartmentId}, note) -> bool: sends the frame
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
    for (const agent of targets.agents) {
      if (agent.id !== meId && agent.id !== currentAgentId) {
        agents.append(new Option(`${agent.name} · ${t(`status.${agent.status}`)}`, `agent:${agent.id}`));
      }
    }
    const departments = document.createElement('optgroup');
    departments.label = t('transfer.departments');
    for (const department of targets.departments) {
      departments.append(new Option(department.name, `department:${department.id}`));
    }
    this.target.replaceChildren(agents, departments);
  }

  submit() {
    const [kind, id] = String(this.target.value).split(':');
    if (!id) {
      return;
    }
    const to = kind === 'agent' ? { toAgentId: id } : { toDepartmentId: id };
    if (this.transfer(this.conversationId, to, this.note.value.trim())) {
      this.dialog.close();
    }
  }
}
