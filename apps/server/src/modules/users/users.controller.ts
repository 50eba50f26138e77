import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import {
  CreateUserRequestSchema,
  EffectiveAccessSchema,
  UpdateUserRequestSchema,
  UserSchema,
  type EffectiveAccess,
  type User,
} from '@wharf/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { RequirePermission } from '../access/access.decorators';
import { type PrincipalRequest } from '../access/principal-request';
import { actionContext } from '../audit/audit-context';
import { Responds, RespondsEmpty } from '../openapi/responds.decorators';
import { UsersService } from './users.service';

class CreateUserDto extends createZodDto(CreateUserRequestSchema) {}
class UpdateUserDto extends createZodDto(UpdateUserRequestSchema) {}

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission('user:manage')
  @Responds(z.array(UserSchema))
  list(): Promise<User[]> {
    return this.users.list();
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('user:manage')
  @Responds(UserSchema)
  create(@Req() req: PrincipalRequest, @Body() body: CreateUserDto): Promise<User> {
    return this.users.create(actionContext(req), body);
  }

  @Get(':id')
  @RequirePermission('user:manage')
  @Responds(UserSchema)
  get(@Param('id') id: string): Promise<User> {
    return this.users.get(id);
  }

  @Patch(':id')
  @RequirePermission('user:manage')
  @Responds(UserSchema)
  update(
    @Req() req: PrincipalRequest,
    @Param('id') id: string,
    @Body() body: UpdateUserDto,
  ): Promise<User> {
    return this.users.update(actionContext(req), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('user:manage')
  @RespondsEmpty()
  remove(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<void> {
    return this.users.remove(actionContext(req), id);
  }

  @Get(':id/effective-access')
  @RequirePermission('user:manage')
  @Responds(EffectiveAccessSchema)
  effectiveAccess(@Param('id') id: string): Promise<EffectiveAccess> {
    return this.users.effectiveAccess(id);
  }
}
