import type { EntityManager } from 'typeorm';

/** What a repository method runs its SQL on: a DataSource, an EntityManager (in a transaction) or a QueryRunner. */
export type Queryable = Pick<EntityManager, 'query'>;
