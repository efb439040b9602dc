import { isKnownSubcommand } from '../commands/usage';
import { classify, type CommandOutcome } from '../errors';
import type { Logger } from './logger';
import type { HotwashMetrics } from './metrics';

export type { CommandOutcome };

/** How a command reached Hotwash: typed, clicked on the summary, or submitted in a form. */
export type CommandSource = 'slash' | 'button' | 'form' | 'alert';

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

/** The outcome a failure stands for (ERROR_CLASSES). */
export function failureOutcome(error: unknown): CommandOutcome {
  return classify(error).outcome;
}

/** How loudly a command's line is logged: by its failure's class; a saved change shown only in part is a warning. */
function levelOf(outcome: CommandOutcome, error: unknown): 'info' | 'warn' | 'error' {
  if (outcome === 'partial') return 'warn';
  if (outcome === 'ok' || outcome === 'usage_error' || outcome === 'refused') return error === undefined ? 'info' : classify(error).level;
  return error === undefined ? 'error' : classify(error).level;
}

/** The subcommand as a metric label: one of a fixed set, so typed words cannot grow /metrics without bound. */
function subcommandLabel(subcommand: string): string {
  return subcommand === 'none' || isKnownSubcommand(subcommand) ? subcommand : 'unknown';
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
    const level = levelOf(outcome, error);
    const fields = {
      subcommand,
      via,
      outcome,
      incident: incidentId,
      user: userId,
      channel: channelId,
      latencyMs: Math.round(durationMs),
      ...(error && level !== 'info' ? { err: error } : {}),
    };
    log[level](fields, `${via === 'slash' ? '/incident ' : `${via} `}${subcommand}: ${outcome}`);
  };
}
