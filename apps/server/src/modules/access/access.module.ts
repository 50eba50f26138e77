import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AuthModule } from '../auth/auth.module';
import { AccessGuard } from './access.guard';
import { AccessService } from './access.service';
import { ApiTokenVerifier } from './api-token-verifier';
import { BuiltinRolesSeeder } from './builtin-roles.seeder';
import { PrincipalRepository } from './principal.repository';
import { RoleBindingsController, RolesController } from './roles.controller';
import { RolesRepository } from './roles.repository';
import { RolesService } from './roles.service';

/** Global: every module can inject AccessService; AccessGuard runs before every route. */
@Global()
@Module({
  imports: [AuthModule],
  controllers: [RolesController, RoleBindingsController],
  providers: [
    AccessService,
    AccessGuard,
    ApiTokenVerifier,
    BuiltinRolesSeeder,
    PrincipalRepository,
    RolesRepository,
    RolesService,
    { provide: APP_GUARD, useExisting: AccessGuard },
  ],
  exports: [AccessService, AccessGuard],
})
export class AccessModule {}
