import 'reflect-metadata';

import { All, Controller, Delete, Get, HttpCode, Param, Post, type Type } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { Public } from '../access/access.decorators';
import { openApiDocument } from './openapi-document';
import { Responds, RespondsDownload, RespondsEmpty, RespondsRelayed } from './responds.decorators';
import { routesOf } from './route-catalog';

const ThingSchema = z.object({ id: z.string(), size: z.number().int().default(0) });
type Thing = z.infer<typeof ThingSchema>;

@Controller('things')
@Public()
class ThingsController {
  @Get()
  @Responds(z.array(ThingSchema))
  list(): Thing[] {
    return [];
  }

  @Delete(':id')
  @HttpCode(204)
  @RespondsEmpty()
  remove(@Param('id') _id: string): void {}

  @Get('export')
  @RespondsDownload({ 'text/csv': z.string() })
  export(): void {}

  @All('relay/*path')
  @RespondsRelayed('whatever the other API answers')
  relay(): void {}
}

@Controller('undeclared')
class UndeclaredController {
  @Get()
  @Public()
  list(): Thing[] {
    return [];
  }
}

@Controller('no-content')
class BodyOn204Controller {
  @Post()
  @HttpCode(204)
  @Public()
  @Responds(ThingSchema)
  create(): Thing {
    return { id: 'a', size: 1 };
  }
}

@Controller('empty-200')
class EmptyOn200Controller {
  @Get()
  @Public()
  @RespondsEmpty()
  get(): void {}
}

type Json = Record<string, unknown>;
const documentOf = (...controllers: Type[]) => openApiDocument(routesOf(controllers), '1');
const responsesOf = (doc: Json, path: string, method: string) =>
  (doc['paths'] as Record<string, Record<string, { responses: Record<string, Json> }>>)[path]?.[
    method
  ]?.responses ?? {};

describe('openApiDocument responses', () => {
  it("publishes a route's success body as the output JSON Schema of its @Responds schema", () => {
    const ok = responsesOf(documentOf(ThingsController), '/things', 'get')['200'];
    expect(ok).toEqual({
      description: 'success',
      content: {
        'application/json': {
          schema: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                size: {
                  type: 'integer',
                  default: 0,
                  minimum: expect.any(Number),
                  maximum: expect.any(Number),
                },
              },
              // An answer always carries defaulted keys, and nothing the schema does not list.
              required: ['id', 'size'],
              additionalProperties: false,
            },
          },
        },
      },
    });
  });

  it('publishes no body for 204, the media types of a download, and any 2xx for a relay', () => {
    const doc = documentOf(ThingsController);
    expect(responsesOf(doc, '/things/{id}', 'delete')['204']).toEqual({
      description: 'success (no body)',
    });
    expect(responsesOf(doc, '/things/export', 'get')['200']).toMatchObject({
      content: { 'text/csv': { schema: { type: 'string' } } },
    });
    expect(responsesOf(doc, '/things/relay/{path}', 'post')).toMatchObject({
      '2XX': { description: 'whatever the other API answers', 'x-wharf-relayed': true },
    });
  });

  it('refuses a route that declares no response, naming it', () => {
    expect(() => documentOf(ThingsController, UndeclaredController)).toThrow(
      /^GET \/undeclared \(UndeclaredController\.list\) declares no response: add @Responds/,
    );
  });

  it('refuses a body on 204 and an empty answer on any other status', () => {
    expect(() => documentOf(BodyOn204Controller)).toThrow(
      'POST /no-content (BodyOn204Controller.create) answers 204 but declares a body',
    );
    expect(() => documentOf(EmptyOn200Controller)).toThrow(
      'GET /empty-200 (EmptyOn200Controller.get) answers 200 but declares no body',
    );
  });
});
