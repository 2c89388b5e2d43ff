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

  constructor(private readonly connectionString: string) {
    super();
    this.pool = new Pool({ connectionString, max: 4, application_name: 'marketplace-events' });
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
    await this.listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  private client(): Promise<Client> {
    if (this.listener) return Promise.resolve(this.listener);
    this.connecting ??= (async () => {
      const client = new Client({ connectionString: this.connectionString, application_name: 'marketplace-events-listen' });
      await client.connect();
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
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
