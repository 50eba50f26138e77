import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiTokenSchema,
  CreateApiTokenRequestSchema,
  CreatedApiTokenSchema,
  type ApiToken,
  type CreatedApiToken,
} from '@wharf/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { Authenticated } from '../access/access.decorators';
import { type PrincipalRequest } from '../access/principal-request';
import { actionContext } from '../audit/audit-context';
import { Responds, RespondsEmpty } from '../openapi/responds.decorators';
import { TokensService } from './tokens.service';

class CreateApiTokenDto extends createZodDto(CreateApiTokenRequestSchema) {}

/** Every user manages their own tokens; what a token may do is bounded by its owner's permissions. */
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @Authenticated()
  @Responds(z.array(ApiTokenSchema))
  list(@Req() req: PrincipalRequest): Promise<ApiToken[]> {
    return this.tokens.list(actionContext(req));
  }

  @Post()
  @HttpCode(201)
  @Authenticated()
  @Responds(CreatedApiTokenSchema)
  create(@Req() req: PrincipalRequest, @Body() body: CreateApiTokenDto): Promise<CreatedApiToken> {
    return this.tokens.create(actionContext(req), body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @RespondsEmpty()
  revoke(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<void> {
    return this.tokens.revoke(actionContext(req), id);
  }
}
