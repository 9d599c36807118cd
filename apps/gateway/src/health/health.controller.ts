import { Controller, Get, HttpException, Inject } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { healthPing, SERVICE_NAMES } from '@sms/contracts';
import { Public } from '../auth/public.decorator';
import { JwksCache } from '../auth/jwks.cache';
import { RevokedSessionsCache } from '../auth/revoked-sessions.cache';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';
import { RpcClient } from '@sms/nats';

type Check = 'ok' | 'down';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly services: RpcClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly revocations: RevokedSessionsCache,
    private readonly jwks: JwksCache,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the gateway process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready when NATS is up, every service answered its ping within READY_TIMEOUT_MS and the
   * revoked-sessions list is fresh. A carrier that is down (SMPP not bound) leaves it ready but
   * degraded: `carrier: 'down'`, sends queue.
   */
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: NATS is up and every service answered its ping (carrier: the SMPP link, degraded when down)',
  })
  @ApiResponse({
    status: 200,
    description: 'Every service answered; carrier ok or down',
    schema: {
      type: 'object',
      required: ['status', 'services'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        services: { type: 'object', additionalProperties: { type: 'string', enum: ['ok', 'down'] } },
        carrier: { type: 'string', enum: ['ok', 'down'] },
      },
      example: { status: 'ok', services: { identity: 'ok', wallet: 'ok', messaging: 'ok' }, carrier: 'ok' },
    },
  })
  @ApiResponse({ status: 503, description: 'Not ready: names the services that did not answer' })
  async ready(): Promise<{ status: 'ok'; services: Record<string, Check>; carrier?: Check }> {
    let carrier: Check | undefined;
    const results = await Promise.all(
      SERVICE_NAMES.map(async (name): Promise<[string, Check]> => {
        try {
          const pong = await this.services.send(healthPing(name), {}, this.env.READY_TIMEOUT_MS);
          if (pong.carrier) carrier = pong.carrier;
          return [name, 'ok'];
        } catch {
          return [name, 'down'];
        }
      }),
    );
    const services = Object.fromEntries(results);
    const down = results.filter(([, s]) => s === 'down').map(([n]) => n);
    // Tokens get 503 until the revoked-sessions list is loaded: not ready before that either.
    if (!this.revocations.isFresh()) down.push('revoked-sessions list');
    if (!this.jwks.isLoaded) down.push('access-token keys');
    if (down.length > 0) {
      throw new HttpException(
        { status: 503, title: 'Service Unavailable', detail: `Not ready: ${down.join(', ')}.`, services },
        503,
      );
    }
    return carrier ? { status: 'ok', services, carrier } : { status: 'ok', services };
  }
}
