import { Module } from '@nestjs/common';

import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { SessionGuard } from './session.guard';
import { SessionsRepository } from './sessions.repository';
import { TotpService } from './totp.service';
import { UsersRepository } from './users.repository';

@Module({
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionGuard,
    UsersRepository,
    SessionsRepository,
    LoginAttemptsRepository,
    TotpService,
  ],
  exports: [AuthService, SessionGuard],
})
export class AuthModule {}
