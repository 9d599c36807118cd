import 'reflect-metadata';
import { loadEnvOrExit } from '@sms/config';
import { SmscSimulator } from '@sms/smpp';
import { startControlServer } from './control-http';
import { SmscEnv } from './smsc-env';

async function main(): Promise<void> {
  const env = loadEnvOrExit(SmscEnv);
  const smsc = new SmscSimulator({
    systemId: env.SMSC_SYSTEM_ID,
    password: env.SMSC_PASSWORD,
    dlrDelayMs: env.SMSC_DLR_DELAY_MS,
    tps: env.SMSC_TPS,
    window: env.SMSC_WINDOW,
    respDelayMs: env.SMSC_RESP_DELAY_MS,
    receiptStyle: env.SMSC_RECEIPT_STYLE,
  });
  const smppPort = await smsc.listen(env.SMSC_PORT, env.SMSC_HOST);
  const http = await startControlServer(smsc, env.SMSC_HTTP_PORT, env.SMSC_HOST);
  const address = http.address();
  const httpPort = typeof address === 'object' && address ? address.port : env.SMSC_HTTP_PORT;
  // One JSON line that launchers read to learn the ports (both may have been 0).
  process.stdout.write(`${JSON.stringify({ msg: 'smsc-simulator listening', smppPort, httpPort })}\n`);
  // A planned stop first delivers what it owes (receipts, MO), so a restart loses none.
  const stop = (): void => {
    void smsc
      .drain(env.SMSC_DRAIN_MS)
      .then(() => http.close())
      .then(() => smsc.close())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
