import { Global, Module } from '@nestjs/common';
import { EnvironmentVariables, validateEnvironment } from './environment';

/** Provides the validated EnvironmentVariables to every module. */
@Global()
@Module({
  providers: [{ provide: EnvironmentVariables, useFactory: () => validateEnvironment(process.env) }],
  exports: [EnvironmentVariables],
})
export class AppConfigModule {}
