import { Module } from '@nestjs/common';

import { UsersController } from './users.controller';
import { UserAccountsRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, UserAccountsRepository],
})
export class UsersModule {}
