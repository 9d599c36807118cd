// The --nats-cluster scenario: the stack runs on a three-node NATS cluster (tools/dev-stack/
// nats-cluster.js) with its events stream in three copies; under traffic, the node leading that
// stream is kill -9'ed, a new leader must be elected, and the node comes back on its store. The
// usual quiet wait and checks then prove nothing was lost: ledger events applied, message
// statuses in the history, alerts sent (relays and consumers resume by themselves).
import { connect, StreamInfo } from 'nats';
import type { FaultLog } from './faults';
import type { ChaosStack } from './stack';
import type { Traffic } from './traffic';
import { errorText, sleep, type Log } from './types';

/** "C1A2B3C4_EVENTS" for prefix "c1a2b3c4." (libs/events eventsStreamName). */
export function streamNameFor(prefix: string): string {
  const p = prefix.replace(/\.+$/, '');
  return `${p ? `${p.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_` : ''}EVENTS`;
}

export class NatsLeaderFaults implements FaultLog {
  count = 0;
  byKind: Record<string, number> = {};
  readonly leaders: { killed: string; elected: string; electedAfterMs: number }[] = [];
  readonly stream: string;
  /** The events stream's copies, once the first leader is known. */
  copies = 0;
  private readonly stack: ChaosStack;
  private readonly log: Log;
  private readonly rounds: number;
  private readonly downMs: number;
  private readonly settleMs: number;

  /** The stack is started with natsCluster: 3; rounds: leader kills; downMs: how long the killed node stays down. */
  constructor({
    stack,
    natsPrefix,
    log,
    rounds = 2,
    downMs = 8000,
    settleMs = 12000,
  }: {
    stack: ChaosStack;
    natsPrefix: string;
    log: Log;
    rounds?: number;
    downMs?: number;
    settleMs?: number;
  }) {
    this.stack = stack;
    this.log = log;
    this.rounds = rounds;
    this.downMs = downMs;
    this.settleMs = settleMs;
    this.stream = streamNameFor(natsPrefix);
  }

  /** The stream's cluster info, asked of any node that answers. */
  async streamInfo(): Promise<StreamInfo> {
    const nc = await connect({ servers: String(this.stack.env.NATS_URL).split(','), timeout: 5000 });
    try {
      const jsm = await nc.jetstreamManager({ timeout: 5000 });
      return await jsm.streams.info(this.stream);
    } finally {
      await nc.close();
    }
  }

  /** Polls until the stream has a leader (other than `not`) with every copy current, or throws. */
  async waitLeader({
    not,
    current = false,
    timeoutMs = 60000,
  }: {
    not?: string;
    current?: boolean;
    timeoutMs?: number;
  }): Promise<StreamInfo & { cluster: { leader: string } }> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    for (;;) {
      try {
        const info = await this.streamInfo();
        const c = info.cluster;
        const replicasOk = !current || (c?.replicas ?? []).every((r) => r.current);
        const leader = c?.leader;
        if (c && leader && leader !== not && replicasOk) return { ...info, cluster: { ...c, leader } };
        last = JSON.stringify(c ?? {});
      } catch (err) {
        last = errorText(err);
      }
      if (Date.now() > deadline) throw new Error(`stream ${this.stream}: no leader within ${timeoutMs} ms (${last})`);
      await sleep(500);
    }
  }

  async run(traffic: Traffic): Promise<void> {
    traffic.phase = 'before';
    await sleep(this.settleMs);
    const first = await this.waitLeader({});
    this.copies = first.config.num_replicas;
    this.log(`events stream ${this.stream}: ${this.copies} copies, leader ${first.cluster.leader}`);
    for (let round = 1; round <= this.rounds; round++) {
      const { cluster } = await this.waitLeader({ current: true });
      const victim = this.stack.natsNodes?.find((n) => n.node.name === cluster.leader);
      if (!victim) throw new Error(`no node named ${cluster.leader} leads the stream`);
      traffic.phase = `leader-down-${round}`;
      const t0 = Date.now();
      await victim.kill9();
      this.note('kill9:stream-leader');
      const after = await this.waitLeader({ not: cluster.leader });
      this.leaders.push({ killed: cluster.leader, elected: after.cluster.leader, electedAfterMs: Date.now() - t0 });
      this.log(
        `round ${round}: killed ${cluster.leader} (stream leader); ${after.cluster.leader} leads after ${Date.now() - t0} ms`,
      );
      await sleep(Math.max(0, this.downMs - (Date.now() - t0)));
      await this.stack.startNode(victim);
      traffic.phase = `leader-back-${round}`;
      await this.waitLeader({ current: true, timeoutMs: 90000 });
      this.log(`round ${round}: ${victim.node.name} back and current after ${Date.now() - t0} ms`);
      await sleep(this.settleMs);
    }
    traffic.phase = 'after';
  }

  note(kind: string): void {
    this.count++;
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
  }
}
