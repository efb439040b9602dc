/**
 * The action and view IDs Hotwash puts into Block Kit, in one place: the messages that render
 * buttons and the listeners that handle clicks must agree on them.
 */
export const ACTION_IDS = {
  acknowledge: 'incident_acknowledge',
  /** On a page (in the channel and in each paged person's DM): its value is the incident's channel. */
  acknowledgePage: 'incident_acknowledge_page',
  status: 'incident_status',
  addNote: 'incident_add_note',
  resolve: 'incident_resolve',
  completeSummary: 'incident_complete_summary',
  /** On the status-update reminder: opens the update form. */
  postUpdate: 'incident_post_update',
  /** On the summary: a select of the roles nobody holds; picking one takes it. */
  takeRole: 'incident_take_role',
} as const;

export const VIEW_IDS = {
  declare: 'incident_declare_modal',
  note: 'incident_note_modal',
  completeSummary: 'incident_complete_summary_modal',
  update: 'incident_update_modal',
} as const;
