import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  CreateRoleBindingRequestSchema,
  CreateRoleRequestSchema,
  UpdateRoleRequestSchema,
  type Role,
  type RoleBinding,
} from '@wharf/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { actionContext } from '../audit/audit-context';
import { RequirePermission } from './access.decorators';
import { type PrincipalRequest } from './principal-request';
import { RolesService } from './roles.service';

class CreateRoleDto extends createZodDto(CreateRoleRequestSchema) {}
class UpdateRoleDto extends createZodDto(UpdateRoleRequestSchema) {}
class CreateRoleBindingDto extends createZodDto(CreateRoleBindingRequestSchema) {}
class BindingQueryDto extends createZodDto(
  z.object({
    userId: z.string().optional(),
    teamId: z.string().optional(),
    roleId: z.string().optional(),
  }),
) {}

@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @RequirePermission('role:manage')
  list(): Promise<Role[]> {
    return this.roles.list();
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('role:manage')
  create(@Req() req: PrincipalRequest, @Body() body: CreateRoleDto): Promise<Role> {
    return this.roles.create(actionContext(req), body);
  }

  @Get(':id')
  @RequirePermission('role:manage')
  get(@Param('id') id: string): Promise<Role> {
    return this.roles.get(id);
  }

  @Patch(':id')
  @RequirePermission('role:manage')
  update(
    @Req() req: PrincipalRequest,
    @Param('id') id: string,
    @Body() body: UpdateRoleDto,
  ): Promise<Role> {
    return this.roles.update(actionContext(req), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('role:manage')
  remove(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<void> {
    return this.roles.remove(actionContext(req), id);
  }
}

@Controller('role-bindings')
export class RoleBindingsController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @RequirePermission('role:manage')
  list(@Query() query: BindingQueryDto): Promise<RoleBinding[]> {
    return this.roles.listBindings(query);
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('role:manage')
  create(@Req() req: PrincipalRequest, @Body() body: CreateRoleBindingDto): Promise<RoleBinding> {
    return this.roles.bind(actionContext(req), body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('role:manage')
  remove(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<void> {
    return this.roles.unbind(actionContext(req), id);
  }
}
