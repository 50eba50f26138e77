import { Controller, Get, Query, Req, UseGuards } from '@nestjs/common';
import { InventoryQuerySchema, type InventoryPage, type SessionUser } from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { createZodDto } from 'nestjs-zod';

import { RequirePermission } from '../access/access.decorators';
import { type AuthenticatedRequest, SessionGuard } from '../auth/session.guard';
import { InventoryService } from './inventory.service';

class InventoryQueryDto extends createZodDto(InventoryQuerySchema) {}

function actorOf(req: AuthenticatedRequest): SessionUser {
  if (req.session === undefined)
    throw new AppError('Unauthenticated', 'NOT_LOGGED_IN', 'log in first');
  return req.session.user;
}

/** Lists across all hosts, served from the server's database (never a round trip to agents). */
@Controller()
@UseGuards(SessionGuard)
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @RequirePermission('container:read')
  @Get('containers')
  containers(
    @Req() req: AuthenticatedRequest,
    @Query() q: InventoryQueryDto,
  ): Promise<InventoryPage> {
    return this.inventory.list(actorOf(req), 'container', q);
  }

  @RequirePermission('image:read')
  @Get('images')
  images(@Req() req: AuthenticatedRequest, @Query() q: InventoryQueryDto): Promise<InventoryPage> {
    return this.inventory.list(actorOf(req), 'image', q);
  }

  @RequirePermission('volume:read')
  @Get('volumes')
  volumes(@Req() req: AuthenticatedRequest, @Query() q: InventoryQueryDto): Promise<InventoryPage> {
    return this.inventory.list(actorOf(req), 'volume', q);
  }

  @RequirePermission('network:read')
  @Get('networks')
  networks(
    @Req() req: AuthenticatedRequest,
    @Query() q: InventoryQueryDto,
  ): Promise<InventoryPage> {
    return this.inventory.list(actorOf(req), 'network', q);
  }
}
