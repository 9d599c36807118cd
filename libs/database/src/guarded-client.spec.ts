import { Client } from 'pg';
import { GuardedClient } from './guarded-client';
import { serviceDataSourceOptions } from './service-data-source';

describe('GuardedClient', () => {
  it('takes an error that nobody else listens to instead of throwing it (the process survives)', () => {
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    expect(() => new Client().emit('error', terminated)).toThrow('terminating connection'); // plain pg: fatal
    const guarded = new GuardedClient();
    expect(() => guarded.emit('error', terminated)).not.toThrow();
    expect(guarded.strayErrors).toBe(1);
  });

  it('still hands errors to the listeners of the pool and of TypeORM', () => {
    const guarded = new GuardedClient();
    const seen: string[] = [];
    guarded.on('error', (e: Error) => seen.push(e.message));
    guarded.emit('error', new Error('lost'));
    expect(seen).toEqual(['lost']);
    expect(guarded.strayErrors).toBe(0);
  });

  it('is the client class of every service pool', () => {
    const opts = serviceDataSourceOptions({
      url: 'postgres://x@127.0.0.1/db',
      schema: 's',
      entities: [],
      migrations: [],
    });
    expect((opts.extra as { Client?: unknown }).Client).toBe(GuardedClient);
  });
});
