import { createHash } from 'node:crypto';

/** Every key Hotwash keeps, under REDIS_PREFIX: one place, so the Lua scripts and the adapters agree. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  incidentSeq = () => this.key('incident', 'seq');
  incident = (id: string) => this.key('incident', id);
  timeline = (id: string) => this.key('incident', id, 'timeline');
  postmortem = (id: string) => this.key('incident', id, 'postmortem');
  channel = (channelId: string) => this.key('channel', channelId);
  openIncidents = () => this.key('incidents', 'open');
  /** Outbox entries by id (JSON). */
  outboxEntries = () => this.key('outbox', 'entries');
  /** Outbox ids by when the sweep should deliver them if nobody did (ms since the epoch). */
  outboxDue = () => this.key('outbox', 'due');
  /** Outbox ids by when they were written: the backlog's age. */
  outboxCreated = () => this.key('outbox', 'created');
  /** A command acknowledged and not yet carried out (JSON). */
  intakeCommand = (id: string) => this.key('intake', 'command', id);
  /** Pending command ids by the time they were received. */
  intakePending = () => this.key('intake', 'pending');
  /** Marks a command carried out, so a redelivery or a replay does nothing. */
  intakeDone = (id: string) => this.key('intake', 'done', id);
  /** The incident an alert group (by a hash of its key) last declared; `alert:` alone when none is given. */
  alertIncident = (key?: string) => this.key('alert', key === undefined ? '' : hashOf(key));
  /** Held while one replica declares an alert group's incident. */
  alertClaim = (key: string) => this.key('alert', 'claim', hashOf(key));
  /** Incidents declared by alerts in one minute (storm control). */
  alertsDeclared = (minute: number) => this.key('alert', 'declared', String(minute));
  /** Covers given with `/incident oncall cover`, by when they end. */
  covers = () => this.key('oncall', 'covers');
  /** Each task's export to the tracker (seq → pending, or the issue). */
  followUps = (incidentId: string) => this.key('incident', incidentId, 'followups');
}

/** Alert group keys are long and full of braces: keys use a hash of them. */
function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** How long a carried-out command's id is remembered: far longer than any redelivery or replay. */
export const INTAKE_DONE_TTL_SECONDS = 86_400;
