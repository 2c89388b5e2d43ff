import { AccountLookup } from '@app/core';
import { DirectoryModule } from '@app/directory';
import { Module } from '@nestjs/common';
import { IdentityResolver } from './identity.resolver';
import { IdentityService } from './identity.service';

@Module({
  imports: [DirectoryModule],
  // Every request's token is checked against the accounts through this (see PrincipalVerifier).
  providers: [IdentityService, IdentityResolver, { provide: AccountLookup, useExisting: IdentityService }],
  exports: [IdentityService],
})
export class IdentityModule {}
