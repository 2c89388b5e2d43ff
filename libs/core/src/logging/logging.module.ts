import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/** Structured JSON logs (pino); request logs carry the request id, never the Authorization header. */
@Global()
@Module({
  imports: [
    LoggerModule.forRoot({
      pinoHttp: {
        level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
        autoLogging: { ignore: (req) => req.url === '/health' },
        redact: ['req.headers.authorization', 'req.headers.cookie'],
      },
    }),
  ],
})
export class LoggingModule {}
