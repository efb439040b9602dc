import type { IncidentChange } from '../domain/incident';
import type { IncidentCommand } from './incident-command';

/** The domain change a command asks for; undefined for commands that only read or declare. */
export function toIncidentChange(command: IncidentCommand): IncidentChange | undefined {
  switch (command.name) {
    case 'note':
      return command.at ? { kind: 'note', text: command.text, at: command.at } : { kind: 'note', text: command.text };
    case 'update':
      return { kind: 'update', text: command.text };
    case 'subscribe':
    case 'unsubscribe':
      return { kind: 'subscribe', subscribed: command.name === 'subscribe' };
    case 'status':
      return { kind: 'status', status: command.status };
    case 'sev':
      return { kind: 'severity', severity: command.severity };
    case 'lead':
      return { kind: 'lead', userId: command.userId };
    case 'role':
      return command.userId ? { kind: 'role', role: command.role, userId: command.userId } : { kind: 'role', role: command.role };
    case 'impact':
    case 'cause':
    case 'resolution':
      return { kind: 'summary', field: command.name, text: command.text };
    case 'fix':
      return { kind: 'fix', text: command.text };
    case 'task':
      return command.ownerId ? { kind: 'task', text: command.text, ownerId: command.ownerId } : { kind: 'task', text: command.text };
    case 'ack':
      return { kind: 'ack' };
    case 'escalate':
      return { kind: 'escalate' };
    case 'resolve':
      return command.at ? { kind: 'resolve', at: command.at } : { kind: 'resolve' };
    case 'close':
      return { kind: 'close' };
    case 'start':
    case 'startForm':
    case 'timeline':
    case 'followups':
    case 'postmortem':
    case 'list':
    case 'help':
    case 'alert':
    case 'oncall':
    case 'oncallCover':
      return undefined;
  }
}
