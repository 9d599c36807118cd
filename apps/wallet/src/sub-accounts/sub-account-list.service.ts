import { Inject, Injectable } from '@nestjs/common';
import { ListSubAccountsCommand, SubAccountPage, ValidationFailedError } from '@sms/contracts';
import { DataSource } from 'typeorm';
import { requireOwner } from './sub-account-credits.service';
import { SubAccountRepository, toView } from './sub-account.repository';

const badCursor = () => new ValidationFailedError([{ field: 'cursor', message: 'cursor is not valid' }]);

/** The owner's sub-accounts, oldest first. The cursor carries the last row's exact (created_at, id). */
@Injectable()
export class SubAccountListService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly subAccounts: SubAccountRepository,
  ) {}

  async list(cmd: ListSubAccountsCommand): Promise<SubAccountPage> {
    requireOwner(cmd.actor);
    const limit = cmd.page.limit ?? 50;
    const after = cmd.page.cursor ? decode(cmd.page.cursor) : undefined;
    const rows = await this.subAccounts.list(this.ds.manager, cmd.actor.accountId, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toView),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(JSON.stringify([last.cursorTs, last.id])).toString('base64url')
          : null,
    };
  }
}

function decode(cursor: string): { ts: string; id: string } {
  try {
    const [ts, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (
      typeof ts !== 'string' ||
      Number.isNaN(Date.parse(ts.replace(' ', 'T'))) ||
      typeof id !== 'string' ||
      !uuid.test(id)
    ) {
      throw badCursor();
    }
    return { ts, id };
  } catch {
    throw badCursor();
  }
}
