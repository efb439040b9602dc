import { USAGE } from '../commands/usage';
import { isRefusal, SlackCallError, StorageUnavailableError, StorageUnconfirmedError, UsageError } from '../errors';
import type { Logger } from './logger';
import type { HotwashMetrics } from './metrics';

/**
 * How a command ended. `refused`: a rule said no (already acknowledged, not an incident channel);
 * `partial`: the change is saved but a Slack step after it failed.
 */
export type CommandOutcome = 'ok' | 'usage_error' | 'refused' | 'storage_unavailable' | 'slack_error' | 'partial' | 'error';

/** How a command reached Hotwash: typed, clicked on the summary, or submitted in a form. */
export type CommandSource = 'slash' | 'button' | 'form';

export interface CommandReport {
  subcommand: string;
  via?: CommandSource;
  outcome: CommandOutcome;
  incidentId?: string;
  userId: string;
  channelId: string;
  durationMs: number;
  /** The failure behind the outcome, when there was one. */
  error?: unknown;
}

export type CommandObserver = (report: CommandReport) => void;

/** Reports how a command ended; `startedAt` is the performance.now() of its arrival. */
export function reportCommand(
  observe: CommandObserver,
  command: Pick<CommandReport, 'subcommand' | 'via' | 'userId' | 'channelId'> & { startedAt: number },
  result: Pick<CommandReport, 'outcome' | 'incidentId' | 'error'>,
): void {
  const { startedAt, ...who } = command;
  observe({ ...who, outcome: result.outcome, incidentId: result.incidentId, error: result.error, durationMs: performance.now() - startedAt });
}

/** The outcome a failure stands for. */
export function failureOutcome(error: unknown): CommandOutcome {
  if (error instanceof UsageError) return 'usage_error';
  if (isRefusal(error)) return 'refused';
  if (error instanceof StorageUnavailableError || error instanceof StorageUnconfirmedError) return 'storage_unavailable';
  if (error instanceof SlackCallError) return 'slack_error';
  return 'error';
}

/** Users' mistakes and rules saying no are normal; anything else is worth a warning or an error. */
const LEVEL: Record<CommandOutcome, 'info' | 'warn' | 'error'> = {
  ok: 'info',
  usage_error: 'info',
  refused: 'info',
  partial: 'warn',
  storage_unavailable: 'error',
  slack_error: 'error',
  error: 'error',
};

/** The subcommand as a metric label: one of a fixed set, so typed words cannot grow /metrics without bound. */
function subcommandLabel(subcommand: string): string {
  return subcommand === 'none' || Object.hasOwn(USAGE, subcommand) ? subcommand : 'unknown';
}

/** One JSON log line and the command metrics for every command handled. */
export function createCommandObserver(logger: Logger, metrics: HotwashMetrics): CommandObserver {
  const log = logger.child({ component: 'commands' });
  return ({ subcommand: typed, via = 'slash', outcome, incidentId, userId, channelId, durationMs, error }) => {
    const label = subcommandLabel(typed);
    metrics.commands.inc({ subcommand: label, outcome });
    metrics.commandDuration.observe({ subcommand: label }, durationMs / 1000);
    // The log keeps what was typed (bounded), to show what people try.
    const subcommand = typed.slice(0, 40);
    const fields = {
      subcommand,
      via,
      outcome,
      incident: incidentId,
      user: userId,
      channel: channelId,
      latencyMs: Math.round(durationMs),
      ...(error && LEVEL[outcome] !== 'info' ? { err: error } : {}),
    };
    log[LEVEL[outcome]](fields, `${via === 'slash' ? '/incident ' : `${via} `}${subcommand}: ${outcome}`);
  };
}
