import type { FollowUp } from '../../src/ports/tracker';

/** A task as the exporter hands it to a tracker. */
export const FOLLOW_UP: FollowUp = {
  incidentId: '7',
  seq: 3,
  text: 'Add a canary stage',
  severity: 'sev1',
  incidentTitle: 'Checkout down',
  incidentLink: '#inc-x',
  marker: 'hotwash-followup:7-3',
};
