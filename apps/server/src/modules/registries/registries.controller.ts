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
  CreateRegistryRequestSchema,
  RegistryRepositoriesPageSchema,
  RegistryRepositoriesQuerySchema,
  RegistrySchema,
  RegistryTagsQuerySchema,
  RegistryTagsSchema,
  RegistryTestResultSchema,
  UpdateRegistryRequestSchema,
  type Registry,
  type RegistryRepositoriesPage,
  type RegistryTags,
  type RegistryTestResult,
} from '@wharf/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { RequirePermission } from '../access/access.decorators';
import { type PrincipalRequest } from '../access/principal-request';
import { actionContext } from '../audit/audit-context';
import { Responds, RespondsEmpty } from '../openapi/responds.decorators';
import { RegistriesService } from './registries.service';

class CreateRegistryDto extends createZodDto(CreateRegistryRequestSchema) {}
class UpdateRegistryDto extends createZodDto(UpdateRegistryRequestSchema) {}
class RepositoriesQueryDto extends createZodDto(RegistryRepositoriesQuerySchema) {}
class TagsQueryDto extends createZodDto(RegistryTagsQuerySchema) {}

@Controller('registries')
export class RegistriesController {
  constructor(private readonly registries: RegistriesService) {}

  @Get()
  @RequirePermission('registry:read')
  @Responds(z.array(RegistrySchema))
  list(): Promise<Registry[]> {
    return this.registries.list();
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('registry:manage')
  @Responds(RegistrySchema)
  create(@Req() req: PrincipalRequest, @Body() body: CreateRegistryDto): Promise<Registry> {
    return this.registries.create(actionContext(req), body);
  }

  @Get(':id')
  @RequirePermission('registry:read')
  @Responds(RegistrySchema)
  get(@Param('id') id: string): Promise<Registry> {
    return this.registries.get(id);
  }

  @Patch(':id')
  @RequirePermission('registry:manage')
  @Responds(RegistrySchema)
  update(
    @Req() req: PrincipalRequest,
    @Param('id') id: string,
    @Body() body: UpdateRegistryDto,
  ): Promise<Registry> {
    return this.registries.update(actionContext(req), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('registry:manage')
  @RespondsEmpty()
  remove(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<void> {
    return this.registries.remove(actionContext(req), id);
  }

  /** Signs in to `/v2/` with the stored credentials: 200 with `ok` true or the registry's refusal. */
  @Post(':id/test')
  @HttpCode(200)
  @RequirePermission('registry:read')
  @Responds(RegistryTestResultSchema)
  test(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<RegistryTestResult> {
    return this.registries.test(actionContext(req), id);
  }

  @Get(':id/repositories')
  @RequirePermission('registry:read')
  @Responds(RegistryRepositoriesPageSchema)
  repositories(
    @Param('id') id: string,
    @Query() query: RepositoriesQueryDto,
  ): Promise<RegistryRepositoriesPage> {
    return this.registries.repositories(id, query.n, query.last);
  }

  /** Tags of `?repository=team/app` (names hold slashes, hence a query rather than a path). */
  @Get(':id/tags')
  @RequirePermission('registry:read')
  @Responds(RegistryTagsSchema)
  tags(@Param('id') id: string, @Query() query: TagsQueryDto): Promise<RegistryTags> {
    return this.registries.tags(id, query.repository);
  }
}
