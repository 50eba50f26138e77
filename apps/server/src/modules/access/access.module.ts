import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AuthModule } from '../auth/auth.module';
import { AccessGuard } from './access.guard';
import { AccessService } from './access.service';
import { ApiTokenVerifier } from './api-token-verifier';
import { BuiltinRolesSeeder } from './builtin-roles.seeder';
import { PrincipalRepository } from './principal.repository';

/** Global: every module can inject AccessService; AccessGuard runs before every route. */
@Global()
@Module({
  imports: [AuthModule],
  providers: [
    AccessService,
    AccessGuard,
    ApiTokenVerifier,
    BuiltinRolesSeeder,
    PrincipalRepository,
    { provide: APP_GUARD, useExisting: AccessGuard },
  ],
  exports: [AccessService, AccessGuard],
})
export class AccessModule {}
