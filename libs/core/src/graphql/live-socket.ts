import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AbstractGraphQLDriver, GraphQLSchemaHost } from '@nestjs/graphql';
import { IncomingMessage } from 'node:http';
import { createSourceEventStream, execute, ExecutionArgs, ExecutionResult, GraphQLError, GraphQLFormattedError, parse, validate } from 'graphql';
import { CloseCode, Context, SubscribePayload } from 'graphql-ws';
import { WebSocket, WebSocketServer } from 'ws';
import { PrincipalVerifier } from '../auth/principal-verifier';
import { Principal } from '../auth/role';
import { formatError } from './format-error';
import { QUERY_LIMITS } from './query-cost';
import { enforceQueryLimits } from './query-limits';
import { RequestContext } from './request-context';

/** Largest graphql-ws message the api reads; ws closes the socket with 1009 (Message Too Big) beyond it. */
export const WS_MAX_PAYLOAD_BYTES = 64 * 1024;
/** Operations running at once on one socket (subscriptions, and queries sent over it). */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 20;

/** What a socket carries between graphql-ws callbacks. */
export interface SocketState {
  socket?: WebSocket;
  request?: IncomingMessage;
  principal?: Principal | null;
  /** The connectionParams authorization, checked again for every operation. */
  authorization?: string;
  expiryTimer?: NodeJS.Timeout;
}
type SocketContext = Context<Record<string, unknown>, SocketState>;

/**
 * Close code for a socket that cannot keep up with its subscriptions (more than
 * LIVE_SOCKET_MAX_BUFFERED_BYTES waiting to be sent): the client reconnects,
 * subscribes again and reads a fresh snapshot. Not one of graphql-ws's fatal codes,
 * so its client retries by itself.
 */
export const SLOW_CONSUMER_CLOSE_CODE = 4420;

/** One subscription of one socket, as the live fan-out (libs/live) delivers to it. */
export interface LiveTarget {
  socket: WebSocket;
  /** The graphql-ws operation id: every message for this subscription carries it. */
  id: string;
  /** The operation as validated by onSubscribe (schema, document, variables) and its context (the principal). */
  args: ExecutionArgs & { contextValue: RequestContext };
  /** The same error shape as every other answer (extensions.code, reason). */
  formatErrors: (errors: readonly GraphQLError[]) => GraphQLFormattedError[];
}

const LIVE_FEED = Symbol.for('marketplace.liveFeed');

/**
 * What a shared subscription's source resolver returns instead of one pub/sub
 * iterator per subscriber: the socket layer hands it the subscription (attach), and
 * the feed delivers, executing once per group of equal subscriptions. The handle it
 * returns never yields: it only tells the feed when graphql-ws ends the subscription.
 */
export interface LiveFeed extends AsyncIterable<never> {
  readonly [LIVE_FEED]: true;
  attach(target: LiveTarget): AsyncGenerator<never, void, unknown>;
}

export const LIVE_FEED_MARK: typeof LIVE_FEED = LIVE_FEED;

export const isLiveFeed = (value: unknown): value is LiveFeed =>
  typeof value === 'object' && value !== null && (value as Partial<LiveFeed>)[LIVE_FEED] === true;

// eslint-disable-next-line require-yield
async function* refused(error: Error): AsyncGenerator<never> {
  throw error;
}

/** Each payload of a (not shared) source stream executed for this subscriber, as graphql's own subscribe does. */
async function* perSubscriber(stream: AsyncIterable<unknown>, args: ExecutionArgs): AsyncGenerator<ExecutionResult> {
  for await (const payload of stream) yield await execute({ ...args, rootValue: payload });
}

const refusal = (message: string, code: string, reason?: string) => new GraphQLError(message, { extensions: { code, ...(reason ? { reason } : {}) } });

/**
 * graphql-ws on /graphql, held to the same rules as HTTP:
 * - a socket may open without a token (the hall's big screens): it is anonymous, and
 *   only @Public subscriptions answer (the others UNAUTHENTICATED); a socket whose
 *   token is forged, expired or stale is closed with 4403 Forbidden;
 * - a token's socket is closed (4403) the moment the token expires;
 * - every operation is parsed (at most QUERY_LIMITS.maxTokens tokens), validated and
 *   held to the query limits (cost, depth, aliases, root fields) before it runs, and
 *   its token checked again against the account;
 * - at most MAX_SUBSCRIPTIONS_PER_SOCKET operations at once per socket; messages of
 *   at most WS_MAX_PAYLOAD_BYTES (set on the server by LiveSocketLimits).
 */
export function graphqlWsOptions(deps: { verifier: PrincipalVerifier; schemaHost: GraphQLSchemaHost; showInternalMessages: boolean }) {
  const format = formatError(deps.showInternalMessages);
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((error) => format(error.toJSON(), error));
  const closeForbidden = (ctx: SocketContext, reason: string) => ctx.extra.socket?.close(CloseCode.Forbidden, reason);

  return {
    onConnect: async (ctx: SocketContext) => {
      const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
      if (raw === undefined || raw === null || raw === '') {
        ctx.extra.principal = null;
        return true;
      }
      const verified = typeof raw === 'string' ? await deps.verifier.verify(raw) : null;
      // false closes the socket with 4403 Forbidden: a token that does not hold gets nothing, not even anonymous reads.
      if (!verified) return false;
      ctx.extra.principal = verified.principal;
      ctx.extra.authorization = raw as string;
      const left = verified.expiresAt - Date.now();
      ctx.extra.expiryTimer = setTimeout(() => closeForbidden(ctx, 'Token expired'), Math.max(0, Math.min(left, 2 ** 31 - 1)));
      ctx.extra.expiryTimer.unref();
      return true;
    },

    onClose: (ctx: SocketContext) => {
      if (ctx.extra.expiryTimer) clearTimeout(ctx.extra.expiryTimer);
    },

    onSubscribe: async (ctx: SocketContext, _id: string, payload: SubscribePayload) => {
      // ctx.subscriptions already holds this one.
      if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_SOCKET) {
        return [
          refusal(
            `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} operations at once on one socket: complete one first, or open another socket`,
            'BAD_USER_INPUT',
            'TOO_MANY_SUBSCRIPTIONS',
          ),
        ];
      }
      if (ctx.extra.authorization) {
        const verified = await deps.verifier.verify(ctx.extra.authorization);
        if (!verified) {
          // After graphql-ws has sent this operation's error (it does so in this same turn), close the socket.
          setImmediate(() => closeForbidden(ctx, 'Forbidden'));
          return [refusal('The token is no longer valid for this account: sign in again', 'UNAUTHENTICATED')];
        }
        ctx.extra.principal = verified.principal;
      }
      const schema = deps.schemaHost.schema;
      let document;
      try {
        document = parse(payload.query, { maxTokens: QUERY_LIMITS.maxTokens });
      } catch (error) {
        const tooLarge = /Document contains more th(?:an|at) \d+ tokens/.test((error as Error).message);
        return [refusal((error as Error).message, 'BAD_USER_INPUT', tooLarge ? 'QUERY_TOO_LARGE' : undefined)];
      }
      const invalid = validate(schema, document);
      if (invalid.length > 0) return invalid.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
      try {
        enforceQueryLimits(schema, document, payload.operationName, payload.variables);
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
    },

    // Errors over the socket carry the same extensions.code (and reason) as over HTTP.
    onError: (_ctx: unknown, _id: unknown, _payload: unknown, errors: readonly GraphQLError[]) => formatAll(errors),
    onNext: (_ctx: unknown, _id: unknown, _payload: unknown, _args: unknown, result: ExecutionResult) =>
      result.errors ? { ...result, errors: formatAll(result.errors) } : undefined,

    context: (ctx: SocketContext, id: string): RequestContext => ({
      principal: ctx.extra.principal ?? null,
      loaders: new Map(),
      live: true,
      clientAddress: ctx.extra.request?.socket?.remoteAddress ?? null,
      liveSocket: ctx.extra.socket ? { socket: ctx.extra.socket, id } : undefined,
    }),

    /**
     * The source resolver runs as usual (guards, the session's or fair's existence); a
     * LiveFeed it returns is given this subscription, and delivers it without a
     * GraphQL execution of its own (see libs/live LiveFanout).
     */
    subscribe: async (args: ExecutionArgs & { contextValue: RequestContext }) => {
      const stream = await createSourceEventStream(args);
      const live = args.contextValue?.liveSocket;
      if (isLiveFeed(stream)) {
        if (!live) return { errors: [new GraphQLError('This subscription is delivered over the api socket only')] };
        return stream.attach({ socket: live.socket, id: live.id, args, formatErrors: formatAll });
      }
      if (Symbol.asyncIterator in (stream as object)) return perSubscriber(stream as AsyncIterable<unknown>, args);
      // A refused subscription (a guard, an unknown session) is an `error` message that ends it, not a `next`.
      const [first] = (stream as ExecutionResult).errors ?? [];
      return refused(first?.originalError ?? first ?? new Error('The subscription could not start'));
    },
  };
}

/**
 * @nestjs/graphql builds the graphql-ws WebSocketServer itself, with ws's default
 * maximum message of 100 MiB; ws reads the limit from the server's options for
 * every socket it accepts, so it is set there once the GraphQL driver has started.
 * Start-up fails if the server cannot be found, rather than run without the limit.
 */
@Injectable()
export class LiveSocketLimits implements OnApplicationBootstrap {
  private readonly logger = new Logger(LiveSocketLimits.name);

  constructor(private readonly moduleRef: ModuleRef) {}

  onApplicationBootstrap(): void {
    const driver = this.moduleRef.get(AbstractGraphQLDriver, { strict: false }) as unknown as { _subscriptionService?: { wss?: WebSocketServer } };
    const wss = driver?._subscriptionService?.wss;
    if (!wss || typeof wss.options !== 'object') throw new Error('graphql-ws server not found: cannot set the maximum message size of subscriptions');
    wss.options.maxPayload = WS_MAX_PAYLOAD_BYTES;
    this.logger.debug(`graphql-ws messages limited to ${WS_MAX_PAYLOAD_BYTES} bytes`);
  }
}
