import { Logger } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { Client, Pool } from 'pg';

type Handler = (message: unknown) => void;

/**
 * graphql-subscriptions engine over PostgreSQL LISTEN/NOTIFY, for the embedded
 * mode without Redis. Every process (api or worker) that publishes reaches every
 * api process that listens, because the database carries the message.
 * Payloads stay small (ids and figures): NOTIFY allows under 8 kB.
 */
export class PgPubSub extends PubSubEngine {
  private readonly pool: Pool;
  private listener: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private nextId = 1;
  private readonly handlers = new Map<number, { channel: string; onMessage: Handler }>();
  private readonly channelRefs = new Map<string, number>();
  private readonly logger = new Logger('PgPubSub');
  private closed = false;

  constructor(private readonly connectionString: string) {
    super();
    this.pool = new Pool({ connectionString, max: 4, application_name: 'marketplace-events' });
    // An idle client the server terminates emits 'error' on the pool; unheard, it would crash the process.
    this.pool.on('error', (error) => this.logger.warn(`publisher connection lost: ${error.message}`));
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(payload)]);
  }

  async subscribe(channel: string, onMessage: Handler): Promise<number> {
    const id = this.nextId++;
    this.handlers.set(id, { channel, onMessage });
    const refs = this.channelRefs.get(channel) ?? 0;
    this.channelRefs.set(channel, refs + 1);
    if (refs === 0) {
      const client = await this.client();
      await client.query(`LISTEN ${quoteIdent(channel)}`);
    }
    return id;
  }

  unsubscribe(id: number): void {
    const entry = this.handlers.get(id);
    if (!entry) return;
    this.handlers.delete(id);
    const refs = (this.channelRefs.get(entry.channel) ?? 1) - 1;
    if (refs > 0) {
      this.channelRefs.set(entry.channel, refs);
      return;
    }
    this.channelRefs.delete(entry.channel);
    void this.listener?.query(`UNLISTEN ${quoteIdent(entry.channel)}`).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener ?? (await this.connecting?.catch(() => null));
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  private client(): Promise<Client> {
    if (this.listener) return Promise.resolve(this.listener);
    this.connecting ??= (async () => {
      const client = new Client({ connectionString: this.connectionString, application_name: 'marketplace-events-listen' });
      // Attached before connect: an 'error' event nobody listens to crashes the process.
      client.on('error', (error) => this.onListenerLost(client, error));
      client.on('end', () => this.onListenerLost(client, null));
      try {
        await client.connect();
      } catch (error) {
        this.connecting = null;
        throw error;
      }
      client.on('notification', (n) => {
        if (!n.payload) return;
        const message = JSON.parse(n.payload);
        for (const h of this.handlers.values()) if (h.channel === n.channel) h.onMessage(message);
      });
      this.listener = client;
      return client;
    })();
    return this.connecting;
  }

  /**
   * The LISTEN connection dropped (server restart, connections terminated): open a
   * new one and LISTEN again on every channel that still has subscribers, so live
   * subscriptions keep receiving events. Retries every second until it works or
   * the engine is closed.
   */
  private onListenerLost(client: Client, error: Error | null): void {
    if (this.listener !== client) return;
    this.listener = null;
    this.connecting = null;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (this.closed) return;
    if (error) this.logger.warn(`listen connection lost: ${error.message}; reconnecting`);
    const retry = async (): Promise<void> => {
      if (this.closed || this.channelRefs.size === 0) return;
      try {
        const fresh = await this.client();
        for (const channel of this.channelRefs.keys()) await fresh.query(`LISTEN ${quoteIdent(channel)}`);
      } catch (e) {
        this.logger.warn(`listen reconnect failed: ${(e as Error).message}`);
        setTimeout(() => void retry(), 1000).unref();
      }
    };
    setTimeout(() => void retry(), 100).unref();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
