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
  RoleBindingSchema,
  RoleSchema,
  UpdateRoleRequestSchema,
  type Role,
  type RoleBinding,
} from '@wharf/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { actionContext } from '../audit/audit-context';
import { Responds, RespondsEmpty } from '../openapi/responds.decorators';
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
  @Responds(z.array(RoleSchema))
  list(): Promise<Role[]> {
    return this.roles.list();
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('role:manage')
  @Responds(RoleSchema)
  create(@Req() req: PrincipalRequest, @Body() body: CreateRoleDto): Promise<Role> {
    return this.roles.create(actionContext(req), body);
  }

  @Get(':id')
  @RequirePermission('role:manage')
  @Responds(RoleSchema)
  get(@Param('id') id: string): Promise<Role> {
    return this.roles.get(id);
  }

  @Patch(':id')
  @RequirePermission('role:manage')
  @Responds(RoleSchema)
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
  @RespondsEmpty()
  remove(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<void> {
    return this.roles.remove(actionContext(req), id);
  }
}

@Controller('role-bindings')
export class RoleBindingsController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @RequirePermission('role:manage')
  @Responds(z.array(RoleBindingSchema))
  list(@Query() query: BindingQueryDto): Promise<RoleBinding[]> {
    return this.roles.listBindings(query);
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('role:manage')
  @Responds(RoleBindingSchema)
  create(@Req() req: PrincipalRequest, @Body() body: CreateRoleBindingDto): Promise<RoleBinding> {
    return this.roles.bind(actionContext(req), body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('role:manage')
  @RespondsEmpty()
  remove(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<void> {
    return this.roles.unbind(actionContext(req), id);
  }
}
