import { Controller, Get, type Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

import { Public } from '../access/access.decorators';
import { openApiDocument } from './openapi-document';
import { routesOf } from './route-catalog';

const VERSION = '1';

/** `GET /api/v1/openapi.json`: the REST description, built once from what Nest registered. */
@Controller()
export class OpenApiController {
  private document: Record<string, unknown> | undefined;

  constructor(private readonly discovery: DiscoveryService) {}

  @Get('openapi.json')
  @Public()
  describe(): Record<string, unknown> {
    this.document ??= openApiDocument(routesOf(this.controllers()), VERSION);
    return this.document;
  }

  /** The controllers of the running application (Nest's own registry, not a list kept here). */
  private controllers(): Type[] {
    return this.discovery
      .getControllers()
      .map((wrapper) => wrapper.metatype)
      .filter((m): m is Type => typeof m === 'function');
  }
}
