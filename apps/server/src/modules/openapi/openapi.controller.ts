import { Controller, Get, type OnModuleInit, type Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { OpenApiDocumentSchema, type OpenApiDocument } from '@wharf/contracts';

import { Public } from '../access/access.decorators';
import { openApiDocument } from './openapi-document';
import { Responds } from './responds.decorators';
import { routesOf } from './route-catalog';

const VERSION = '1';

/** `GET /api/v1/openapi.json`: the REST description, built once from what Nest registered. */
@Controller()
export class OpenApiController implements OnModuleInit {
  private document: OpenApiDocument | undefined;

  constructor(private readonly discovery: DiscoveryService) {}

  /** Built at start-up, so a route without a response declaration stops the server from starting. */
  onModuleInit(): void {
    this.document = this.build();
  }

  @Get('openapi.json')
  @Public()
  @Responds(OpenApiDocumentSchema)
  describe(): OpenApiDocument {
    this.document ??= this.build();
    return this.document;
  }

  private build(): OpenApiDocument {
    return openApiDocument(routesOf(this.controllers()), VERSION);
  }

  /** The controllers of the running application (Nest's own registry, not a list kept here). */
  private controllers(): Type[] {
    return this.discovery
      .getControllers()
      .map((wrapper) => wrapper.metatype)
      .filter((m): m is Type => typeof m === 'function');
  }
}
