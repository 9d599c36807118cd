/**
 * The parts of libs/nats-auth the harness uses, as shapes. The lib itself is loaded from dist/ at
 * run time (loadNatsAuth): Playwright's globalSetup and the browser tier's type-check have no path
 * aliases and cannot compile libs/contracts' decorators, which the lib's index imports.
 */
export interface StackCredentials {
  keys: { user: string; publicKey: string; seed: string }[];
  actorSigningKey: string;
}

export interface NatsAuthLib {
  createStackCredentials(): StackCredentials;
  natsServerConfig(opts: {
    keys: StackCredentials['keys'];
    prefix: string;
    host?: string;
    port: number;
    storeDir: string;
    portsFileDir?: string;
  }): string;
  harnessCredentialsEnv(creds: StackCredentials): Record<string, string>;
  appCredentialsEnv(creds: StackCredentials, app: string): Record<string, string>;
}
