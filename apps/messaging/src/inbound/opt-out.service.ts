import { Inject, Injectable } from '@nestjs/common';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  INBOX_DEFAULT_LIMIT,
  ListOptOutsCommand,
  OptOutCommand,
  OptOutPage,
  OptOutView,
} from '@sms/contracts';
import { DataSource } from 'typeorm';
import { AccountScope } from '../shared/account-scope';
import { OptOutRepository, toOptOutView } from './opt-out.repository';

/**
 * GET/POST/DELETE /account/opt-outs: the actor's list, or (owners) a sub-account's. Each
 * account has its own list; sends of that account to a listed number end `blocked`.
 */
@Injectable()
export class OptOutService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly optOuts: OptOutRepository,
    private readonly scope: AccountScope,
  ) {}

  async list(cmd: ListOptOutsCommand): Promise<OptOutPage> {
    const accountId = await this.scope.resolve(cmd.actor, cmd.query.subAccountId);
    const after = cmd.query.cursor ? decodeKeysetCursor(cmd.query.cursor) : undefined;
    const limit = cmd.query.limit ?? INBOX_DEFAULT_LIMIT;
    const rows = await this.optOuts.page(accountId, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toOptOutView),
      nextCursor: rows.length > limit && last ? encodeKeysetCursor({ submittedAt: last.createdAt, id: last.id }) : null,
    };
  }

  async add(cmd: OptOutCommand): Promise<OptOutView> {
    const accountId = await this.scope.resolve(cmd.actor, cmd.subAccountId);
    return toOptOutView(await this.optOuts.add(this.ds.manager, accountId, cmd.phone, 'manual'));
  }

  async remove(cmd: OptOutCommand): Promise<{ removed: boolean }> {
    const accountId = await this.scope.resolve(cmd.actor, cmd.subAccountId);
    return { removed: await this.optOuts.remove(accountId, cmd.phone) };
  }
}
