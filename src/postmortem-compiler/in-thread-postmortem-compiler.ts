import { setImmediate as nextTurn } from 'node:timers/promises';
import type { HourCycle } from '../domain/format-time';
import { peopleIn } from '../domain/postmortem/people-in';
import { POSTMORTEM_SLICE, postmortemDataInSlices, type PostmortemPlaceholders } from '../domain/postmortem/postmortem-data';
import { defaultPostmortemTemplate, type PostmortemTemplate } from '../domain/postmortem/postmortem-template';
import type { CompiledPostmortem, NamesOf, PostmortemCompiler, PostmortemJob } from '../ports/postmortem-compiler';
import { decodeTimelineInTurns } from '../store/redis-incident-store';

/** How drafts look: the zone and clock times are shown in, the wording of what is missing, the template. */
export interface PostmortemStyle {
  timeZone: string;
  /** The clock the times are shown on; the zone's common one when absent. */
  hourCycle?: HourCycle;
  /** What the draft says where nothing was recorded (the chat adapter's wording). */
  placeholders?: PostmortemPlaceholders;
  template?: PostmortemTemplate;
}

/**
 * Compiles on the thread that calls it, a slice at a time so that other work gets turns in
 * between. The postmortem worker runs this; so do the tests, and Hotwash when run from source.
 */
export class InThreadPostmortemCompiler implements PostmortemCompiler {
  constructor(private readonly style: PostmortemStyle) {}

  async compile({ incident, records, issues }: PostmortemJob, namesOf: NamesOf): Promise<CompiledPostmortem> {
    const { timeZone, hourCycle, placeholders, template = defaultPostmortemTemplate } = this.style;
    const entries = await decodeTimelineInTurns(records, incident.id);
    const names = await namesOf(peopleIn(incident, entries));
    const data = await inSlices(
      postmortemDataInSlices({
        incident,
        entries,
        timeZone,
        ...(hourCycle ? { hourCycle } : {}),
        ...(placeholders ? { placeholders } : {}),
        ...(issues ? { issues } : {}),
        nameOf: (id) => names.get(id),
      }),
    );
    // Rendering a long one is a block of its own (10-20 ms for 10,000 entries): it starts on a
    // turn of its own rather than straight after the last slice.
    if (entries.length > POSTMORTEM_SLICE) await nextTurn();
    return { markdown: template(data), outline: { summary: data.summary, missing: data.missing } };
  }
}

/** Runs a sliced computation to its end, letting the event loop run other work between slices. */
async function inSlices<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}
