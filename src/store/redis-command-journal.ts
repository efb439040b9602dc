import { storageCall } from './storage-call';
import type { Redis } from 'ioredis';
import type { StorageUnavailableError } from '../errors';
import type { CommandJournal, JournaledCommand } from '../ports/command-journal';
import { RedisKeys } from './redis-keys';
import type { ReplicaWait } from './replica-wait';
import { storedJournaledCommandSchema } from './schemas';
import { decodeJson, encodeJson } from './stored-json';

// Keeps a command unless this id is kept or done already. KEYS: command, done, pending.
// ARGV: JSON, when it was kept (this process's wall clock: what "overdue" is measured in), id.
const ACCEPT_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
return 1
`;

type RedisWithAccept = Redis & { hotwashAcceptCommand(...args: (string | number)[]): Promise<number> };

/** The intake journal in Redis: each command as JSON, and the pending ones by the time they came in. */
export class RedisCommandJournal implements CommandJournal {
  private readonly redis: RedisWithAccept;
  private readonly keys: RedisKeys;

  constructor(
    redis: Redis,
    prefix: string,
    private readonly options: { replicas?: ReplicaWait; onUnavailable?: (error: StorageUnavailableError) => void } = {},
  ) {
    if (!('hotwashAcceptCommand' in redis)) redis.defineCommand('hotwashAcceptCommand', { numberOfKeys: 3, lua: ACCEPT_LUA });
    this.redis = redis as RedisWithAccept;
    this.keys = new RedisKeys(prefix);
  }

  async accept(command: JournaledCommand): Promise<boolean> {
    const k = this.keys;
    const json = encode(command);
    this.options.replicas?.beforeWrite();
    const kept = await this.call(() =>
      this.redis.hotwashAcceptCommand(k.intakeCommand(command.id), k.intakeDone(command.id), k.intakePending(), json, Date.now(), command.id),
    );
    // "Received" must survive the primary's loss: the replicas confirm before Slack hears it.
    if (kept === 1) await this.options.replicas?.confirm(this.redis);
    return kept === 1;
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
