import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { metricsRegistry } from '@sms/metrics';
import { Public } from '../auth/public.decorator';

@ApiTags('health')
@Public()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('content-type', metricsRegistry.contentType)
  @Header('cache-control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Prometheus metrics of the gateway (each service serves its own on METRICS_PORT)',
    description:
      'RED per route (`http_request_duration_seconds`) and per NATS subject sent (`nats_request_sent_duration_seconds`), and the Node.js process metrics. Serve it to your scraper only: put the gateway behind a proxy that does not route /api/v1/metrics from outside.',
  })
  @ApiResponse({
    status: 200,
    description: 'Prometheus text exposition format 0.0.4',
    content: {
      'text/plain': {
        example:
          'http_request_duration_seconds_count{method="GET",route="/api/v1/me",status="200",service="gateway"} 42',
      },
    },
  })
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
