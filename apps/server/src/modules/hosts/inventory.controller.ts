import { Controller, Get, Query, Req } from '@nestjs/common';
import { InventoryPageSchema, InventoryQuerySchema, type InventoryPage } from '@wharf/contracts';
import { createZodDto } from 'nestjs-zod';

import { RequirePermission } from '../access/access.decorators';
import { principalOf, type PrincipalRequest } from '../access/principal-request';
import { Responds } from '../openapi/responds.decorators';
import { InventoryService } from './inventory.service';

class InventoryQueryDto extends createZodDto(InventoryQuerySchema) {}

/** Lists across all hosts, served from the server's database (never a round trip to agents). */
@Controller()
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @RequirePermission('container:read')
  @Get('containers')
  @Responds(InventoryPageSchema)
  containers(@Req() req: PrincipalRequest, @Query() q: InventoryQueryDto): Promise<InventoryPage> {
    return this.inventory.list(principalOf(req), 'container', q);
  }

  @RequirePermission('image:read')
  @Get('images')
  @Responds(InventoryPageSchema)
  images(@Req() req: PrincipalRequest, @Query() q: InventoryQueryDto): Promise<InventoryPage> {
    return this.inventory.list(principalOf(req), 'image', q);
  }

  @RequirePermission('volume:read')
  @Get('volumes')
  @Responds(InventoryPageSchema)
  volumes(@Req() req: PrincipalRequest, @Query() q: InventoryQueryDto): Promise<InventoryPage> {
    return this.inventory.list(principalOf(req), 'volume', q);
  }

  @RequirePermission('network:read')
  @Get('networks')
  @Responds(InventoryPageSchema)
  networks(@Req() req: PrincipalRequest, @Query() q: InventoryQueryDto): Promise<InventoryPage> {
    return this.inventory.list(principalOf(req), 'network', q);
  }
}
