import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openServiceDataSource, ServiceDataSourceOptions } from './service-data-source';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (!this.ds.isInitialized) return;
    await this.ds.destroy();
    new Logger('Database').log('database connections closed');
  }
}

/** Provides the service's migrated DataSource; the app does not listen before migrations ran. */
@Global()
@Module({})
export class DatabaseModule {
  static forService(opts: ServiceDataSourceOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useFactory: () => openServiceDataSource(opts) }, DataSourceCloser],
      exports: [DataSource],
    };
  }
}
