import { EnvironmentVariables, LIVE_FEED_MARK, LiveFeed, LiveTarget, Principal, PUB_SUB, RequestContext, Role, SLOW_CONSUMER_CLOSE_CODE } from '@app/core';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DocumentNode, execute, ExecutionArgs, GraphQLError, GraphQLFormattedError, print } from 'graphql';
import { PubSubEngine } from 'graphql-subscriptions';
import { WebSocket } from 'ws';

/** How one channel's messages reach its subscribers. The first feed() of a channel sets them for every later one. */
export interface FeedOptions<M> {
  /**
   * `principal`: the answer depends on who reads it, so subscribers are grouped by
   * their visibility class (role, community, organization, and a party's user: the
   * only facts the policies read) and each class decides and executes on its own. `public`: no
   * field of the answer depends on the caller, so every subscriber is one class.
   */
  audience: 'principal' | 'public';
  /** Whether this class receives the message at all: once per message and class, with the owners' policies. */
  mayReceive(message: M, principal: Principal | null): boolean | Promise<boolean>;
  /** At most one delivery per this many ms on this channel; the last message is always delivered. */
  coalesceMs?: number;
}

/** Subscriptions that receive the same bytes: same class, same document, same variables. */
interface Group {
  key: string;
  classKey: string;
  principal: Principal | null;
  args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName' | 'variableValues'>;
  formatErrors: (errors: readonly GraphQLError[]) => GraphQLFormattedError[];
  members: Set<Member>;
}

interface Member {
  socket: WebSocket;
  /** `{"id":"…","type":"next","payload":` — the graphql-ws Next message up to the shared payload. */
  prefix: string;
}

interface Topic {
  channel: string;
  options: FeedOptions<object>;
  groups: Map<string, Group>;
  ready: Promise<number>;
  /** Deliveries in the order the messages came; each message is prepared as soon as it comes. */
  tail: Promise<void>;
  latest: object | null;
  timer: NodeJS.Timeout | null;
  lastSentAt: number;
  linger: NodeJS.Timeout | null;
}

/** A channel with no subscriber is unsubscribed after this long (a subscriber that comes back soon finds it). */
const LINGER_MS = 5_000;
/**
 * Frames for one socket are written together at most this often (one syscall for
 * all of them, the socket corked): under a steady stream of events the writes per
 * socket drop from one per event to one per window, which is what bounds the cost
 * of hundreds of sockets. An event after a quiet moment is written at once.
 */
export const LIVE_FLUSH_EVERY_MS = 50;

/**
 * The facts the owners' policies read: role, community, organization, and for a party
 * (community or organization account) the user, since a complaint is visible to the user
 * who filed it (ComplaintPolicy). Organizers and admins read by role alone, so all of them
 * share one class.
 */
const classOf = (principal: Principal | null) => {
  if (!principal) return 'anonymous';
  const party = principal.role === Role.COMMUNITY || principal.role === Role.ORGANIZATION;
  return `${principal.role}|${principal.communityId ?? ''}|${principal.organizationId ?? ''}|${party ? principal.userId : ''}`;
};

/**
 * The live fan-out: one pub/sub listener per channel and process, whatever the number
 * of subscribers. For each message it decides visibility once per visibility class
 * (mayReceive with the owners' policies: organizers, the need's community, the bid's
 * organization, everyone else), executes each distinct (class, document, variables)
 * once, serializes the answer once, and writes those bytes to every socket of the
 * group. The work per message grows with the number of distinct groups, not with the
 * number of subscribers; a socket write is the only per-subscriber cost.
 *
 * A socket with more than LIVE_SOCKET_MAX_BUFFERED_BYTES waiting (ws bufferedAmount,
 * beyond what the kernel holds) is closed with SLOW_CONSUMER_CLOSE_CODE instead of
 * being written to: the others never wait for it, and its client subscribes again.
 */
@Injectable()
export class LiveFanout implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveFanout.name);
  private readonly topics = new Map<string, Topic>();
  private readonly documents = new WeakMap<DocumentNode, string>();
  private readonly maxBuffered: number;
  private readonly pending = new Map<WebSocket, string[]>();
  private flushTimer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  /** What this process has done since it started: messages dispatched, GraphQL executions, frames queued, socket writes, slow sockets closed. */
  readonly counters = { messages: 0, executions: 0, frames: 0, writes: 0, droppedSlowConsumers: 0 };

  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    env: EnvironmentVariables,
  ) {
    this.maxBuffered = env.LIVE_SOCKET_MAX_BUFFERED_BYTES;
  }

  /** What a subscription's source resolver returns; resolves once the channel is listened to, so nothing published after it is missed. */
  async feed<M extends object>(channel: string, options: FeedOptions<M>): Promise<LiveFeed> {
    const topic = this.topic(channel, options as FeedOptions<object>);
    await topic.ready;
    return {
      [LIVE_FEED_MARK]: true,
      attach: (target: LiveTarget) => this.attach(topic, target),
      [Symbol.asyncIterator]: () => {
        throw new Error(`${channel}: a live feed is delivered through the api socket (LiveFanout), not iterated`);
      },
    };
  }

  onApplicationShutdown(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const topic of this.topics.values()) {
      if (topic.timer) clearTimeout(topic.timer);
      if (topic.linger) clearTimeout(topic.linger);
    }
  }

  private topic(channel: string, options: FeedOptions<object>): Topic {
    let topic = this.topics.get(channel);
    if (!topic) {
      const created: Topic = {
        channel,
        options,
        groups: new Map(),
        ready: Promise.resolve(0),
        tail: Promise.resolve(),
        latest: null,
        timer: null,
        lastSentAt: 0,
        linger: null,
      };
      created.ready = this.pubSub.subscribe(channel, (message: object) => this.onMessage(created, message), {});
      this.topics.set(channel, created);
      this.lingerThenRelease(created);
      topic = created;
    }
    return topic;
  }

  private attach(topic: Topic, target: LiveTarget): AsyncGenerator<never, void, unknown> {
    if (this.topics.get(topic.channel) !== topic) {
      // Released between feed() and attach() (longer than LINGER_MS): listen again.
      topic = this.topic(topic.channel, topic.options);
    }
    const principal = target.args.contextValue.principal ?? null;
    const classKey = topic.options.audience === 'public' ? 'public' : classOf(principal);
    const key = `${classKey}\u0000${this.documentKey(target.args.document)}\u0000${target.args.operationName ?? ''}\u0000${JSON.stringify(target.args.variableValues ?? {})}`;
    let group = topic.groups.get(key);
    if (!group) {
      const { schema, document, operationName, variableValues } = target.args;
      group = {
        key,
        classKey,
        principal: topic.options.audience === 'public' ? null : principal,
        args: { schema, document, operationName, variableValues },
        formatErrors: target.formatErrors,
        members: new Set(),
      };
      topic.groups.set(key, group);
    }
    if (topic.linger) clearTimeout(topic.linger);
    topic.linger = null;
    const member: Member = { socket: target.socket, prefix: `{"id":${JSON.stringify(target.id)},"type":"next","payload":` };
    group.members.add(member);
    const joined = group;
    const liveTopic = topic;
    return endless(() => {
      joined.members.delete(member);
      if (joined.members.size === 0 && liveTopic.groups.get(joined.key) === joined) liveTopic.groups.delete(joined.key);
      if (liveTopic.groups.size === 0) this.lingerThenRelease(liveTopic);
    });
  }

  private lingerThenRelease(topic: Topic): void {
    if (topic.linger) clearTimeout(topic.linger);
    topic.linger = setTimeout(() => {
      topic.linger = null;
      if (topic.groups.size > 0 || this.topics.get(topic.channel) !== topic) return;
      this.topics.delete(topic.channel);
      if (topic.timer) clearTimeout(topic.timer);
      void topic.ready
        .then((id) => this.pubSub.unsubscribe(id))
        .catch((error) => this.logger.warn(`${topic.channel}: unsubscribe failed: ${(error as Error).message}`));
    }, LINGER_MS);
    topic.linger.unref();
  }

  private onMessage(topic: Topic, message: object): void {
    const every = topic.options.coalesceMs;
    if (!every) return this.dispatch(topic, message);
    topic.latest = message;
    if (topic.timer) return;
    const wait = topic.lastSentAt + every - Date.now();
    if (wait <= 0) return this.releaseLatest(topic);
    topic.timer = setTimeout(() => this.releaseLatest(topic), wait);
    topic.timer.unref();
  }

  /** The last message that came while the channel waited: the newest state is what the subscribers get. */
  private releaseLatest(topic: Topic): void {
    topic.timer = null;
    const message = topic.latest;
    topic.latest = null;
    if (!message) return;
    topic.lastSentAt = Date.now();
    this.dispatch(topic, message);
  }

  private dispatch(topic: Topic, message: object): void {
    this.counters.messages++;
    const prepared = this.prepare(topic, message);
    topic.tail = topic.tail
      .then(() => prepared)
      .then((frames) => {
        for (const [group, payload] of frames) for (const member of group.members) this.queue(member, payload);
      })
      .catch((error) => this.logger.error(`${topic.channel}: live delivery failed: ${(error as Error).message}`));
  }

  /** For each group that may receive the message: the serialized answer, executed once. */
  private async prepare(topic: Topic, message: object): Promise<Array<[Group, string]>> {
    const decisions = new Map<string, Promise<boolean>>();
    const groups = [...topic.groups.values()];
    const frames = await Promise.all(
      groups.map(async (group): Promise<[Group, string] | null> => {
        let decision = decisions.get(group.classKey);
        if (!decision) {
          decision = Promise.resolve(topic.options.mayReceive(message, group.principal)).catch((error) => {
            this.logger.warn(`${topic.channel}: an event was not delivered to ${group.classKey}: ${(error as Error).message}`);
            return false;
          });
          decisions.set(group.classKey, decision);
        }
        if (!(await decision)) return null;
        const contextValue: RequestContext = { principal: group.principal, loaders: new Map(), live: true, clientAddress: null };
        this.counters.executions++;
        const result = await execute({ ...group.args, rootValue: message, contextValue });
        const { errors, ...rest } = result;
        return [group, JSON.stringify(errors ? { ...rest, errors: group.formatErrors(errors) } : rest)];
      }),
    );
    return frames.filter((frame): frame is [Group, string] => frame !== null);
  }

  private queue(member: Member, payload: string): void {
    this.counters.frames++;
    const frame = `${member.prefix}${payload}}`;
    const frames = this.pending.get(member.socket);
    if (frames) frames.push(frame);
    else this.pending.set(member.socket, [frame]);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), Math.max(0, this.lastFlushAt + LIVE_FLUSH_EVERY_MS - Date.now()));
  }

  /** Every socket's waiting frames in one write each; a socket already too far behind is closed instead. */
  private flush(): void {
    this.flushTimer = null;
    this.lastFlushAt = Date.now();
    const pending = [...this.pending];
    this.pending.clear();
    for (const [socket, frames] of pending) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      if (socket.bufferedAmount > this.maxBuffered) {
        this.dropSlow(socket);
        continue;
      }
      const raw = (socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
      this.counters.writes++;
      raw?.cork();
      for (const frame of frames) socket.send(frame);
      raw?.uncork();
    }
  }

  private dropSlow(socket: WebSocket): void {
    this.counters.droppedSlowConsumers++;
    this.logger.warn(`closed a live socket that could not keep up (${socket.bufferedAmount} bytes waiting)`);
    socket.close(SLOW_CONSUMER_CLOSE_CODE, 'Slow consumer: reconnect and subscribe again');
    // The close frame waits behind what is buffered; ws cuts a peer that never answers it after its close timeout (30 s).
  }

  private documentKey(document: DocumentNode): string {
    let key = this.documents.get(document);
    if (key === undefined) {
      key = print(document);
      this.documents.set(document, key);
    }
    return key;
  }
}

/** The subscription as graphql-ws holds it: never yields (the fan-out writes), ends when graphql-ws returns it. */
function endless(onEnd: () => void): AsyncGenerator<never, void, unknown> {
  const done: IteratorReturnResult<void> = { value: undefined, done: true };
  let ended = false;
  let wake: (() => void) | null = null;
  const end = () => {
    if (!ended) {
      ended = true;
      onEnd();
    }
    wake?.();
    wake = null;
  };
  const generator: AsyncGenerator<never, void, unknown> = {
    next: () => (ended ? Promise.resolve(done) : new Promise((resolve) => (wake = () => resolve(done)))),
    return: () => {
      end();
      return Promise.resolve(done);
    },
    throw: (error: unknown) => {
      end();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]: () => generator,
  } as AsyncGenerator<never, void, unknown>;
  return generator;
}
