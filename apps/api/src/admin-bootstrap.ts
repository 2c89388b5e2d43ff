import { EnvironmentVariables } from '@app/core';
import { IdentityService } from '@app/identity';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

/** ADMIN_EMAIL + ADMIN_PASSWORD set: that ADMIN exists with that password (created, or its password replaced when the variable changed). */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly env: EnvironmentVariables,
    private readonly identity: IdentityService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.ADMIN_EMAIL && this.env.ADMIN_PASSWORD) await this.identity.ensureAdmin(this.env.ADMIN_EMAIL, this.env.ADMIN_PASSWORD);
  }
}
