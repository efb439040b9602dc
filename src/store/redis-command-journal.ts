import { storageCall } from './storage-call';
import type { Redis } from 'ioredis';
import type { StorageUnavailableError } from '../errors';
import type { CommandJournal, JournaledCommand } from '../ports/command-journal';
import { RedisKeys } from './redis-keys';
import type { ReplicaWait } from './replica-wait';
import { storedJournaledCommandSchema } from './schemas';
import { CallBatch } from './call-batch';
import { decodeJson, encodeJson } from './stored-json';

// Keeps each command unless its id is kept or done already. KEYS: pending, then each command's
// key and done key. ARGV: when they were kept (this process's wall clock: what "overdue" is
// measured in), then each command's JSON and id. Returns 1 (kept) or 0 (seen before) for each.
const ACCEPT_LUA = `
local results = {}
for i = 1, (#KEYS - 1) / 2 do
  local command, done = KEYS[2 * i], KEYS[2 * i + 1]
  if redis.call('EXISTS', command) == 1 or redis.call('EXISTS', done) == 1 then
    results[i] = 0
  else
    redis.call('SET', command, ARGV[2 * i])
    redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2 * i + 1])
    results[i] = 1
  end
end
return results
`;

/**
 * How long a command waits for others to be kept in the same script call. The requests of a burst
 * reach the journal one or two turns of the event loop apart, so a batch of one turn mostly held
 * one command: a script call each, which cost this process 90-130 µs and Redis 45-55 µs per
 * command, against 25-36 µs and 10-12 µs when a millisecond gathers them (a hundred commands a
 * turn apart, `docs/benchmarks.md`). On a machine Redis shares with Hotwash, that CPU is what a
 * burst's last answers wait for, and each answer waits at most the millisecond longer.
 */
export const KEEP_GATHER_MS = 1;

type RedisWithAccept = Redis & { hotwashAcceptCommands(keyCount: number, ...args: string[]): Promise<number[]> };

/**
 * Commands this journal batches itself, which a connection with auto-pipelining must send at
 * once: ioredis would hold each for one more turn of the event loop (its own setImmediate), and
 * in a burst that turn reads the next requests before Slack's answers go.
 */
export const JOURNAL_BATCHED_COMMANDS = ['hotwashAcceptCommands'];

/** The intake journal in Redis: each command as JSON, and the pending ones by the time they came in. */
export class RedisCommandJournal implements CommandJournal {
  private readonly redis: RedisWithAccept;
  private readonly keys: RedisKeys;
  /** Commands that arrive within KEEP_GATHER_MS of each other (a burst) are kept by one script call. */
  private readonly accepting = new CallBatch<{ id: string; json: string }, number>((commands) => {
    const k = this.keys;
    const keys = [k.intakePending(), ...commands.flatMap((c) => [k.intakeCommand(c.id), k.intakeDone(c.id)])];
    return this.redis.hotwashAcceptCommands(keys.length, ...keys, String(Date.now()), ...commands.flatMap((c) => [c.json, c.id]));
  }, KEEP_GATHER_MS);

  constructor(
    redis: Redis,
    prefix: string,
    private readonly options: { replicas?: ReplicaWait; onUnavailable?: (error: StorageUnavailableError) => void } = {},
  ) {
    if (!('hotwashAcceptCommands' in redis)) redis.defineCommand('hotwashAcceptCommands', { lua: ACCEPT_LUA });
    this.redis = redis as RedisWithAccept;
    this.keys = new RedisKeys(prefix);
  }

  async accept(command: JournaledCommand): Promise<boolean> {
    const json = encode(command);
    this.options.replicas?.beforeWrite();
    const kept = (await this.call(() => this.accepting.add({ id: command.id, json }))) === 1;
    // "Received" must survive the primary's loss: the replicas confirm before Slack hears it.
    if (kept) await this.options.replicas?.confirm(this.redis);
    return kept;
  }

  /**
   * Leaves no trace: a command that changed nothing stores nothing. (A redelivery of it would be
   * read or refused again, as the first was; only carried-out changes are remembered as done.)
   */
  async release(id: string): Promise<void> {
    await this.call(() => this.redis.multi().del(this.keys.intakeCommand(id)).zrem(this.keys.intakePending(), id).exec());
  }

  async attachChannel(id: string, channel: { id: string; name: string }): Promise<void> {
    const json = await this.call(() => this.redis.get(this.keys.intakeCommand(id)));
    if (json === null) return;
    const command = decode(json);
    await this.call(() => this.redis.set(this.keys.intakeCommand(id), encode({ ...command, openedChannel: channel }), 'XX'));
  }

  async overdue(before: Date, limit: number): Promise<JournaledCommand[]> {
    const ids = await this.call(() => this.redis.zrangebyscore(this.keys.intakePending(), '-inf', before.getTime(), 'LIMIT', 0, limit));
    if (ids.length === 0) return [];
    const found = await this.call(() => this.redis.mget(ids.map((id) => this.keys.intakeCommand(id))));
    const stale = ids.filter((_, i) => found[i] === null);
    // Carried out between the two reads: only the index still named it.
    if (stale.length > 0) await this.call(() => this.redis.zrem(this.keys.intakePending(), ...stale));
    return found.flatMap((json) => (json === null ? [] : [decode(json)]));
  }

  private call<T>(operation: () => Promise<T>): Promise<T> {
    // Sent, and not answered in time: it may have been written. Say so rather than "nothing was saved".
    return storageCall(operation, { onUnavailable: this.options.onUnavailable, unconfirmedOnTimeout: true });
  }
}

function encode(command: JournaledCommand): string {
  return encodeJson(storedJournaledCommandSchema, command);
}

function decode(json: string): JournaledCommand {
  return decodeJson(storedJournaledCommandSchema, json, 'A journaled command');
}
