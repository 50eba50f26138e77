import { Injectable } from '@nestjs/common';
import {
  type CreateRegistryRequestSchema,
  type Registry,
  type RegistryRepositoriesPage,
  type RegistryTags,
  type RegistryTestResult,
  type UpdateRegistryRequestSchema,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { type z } from 'zod';

import { type ActionContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { SecretBox } from '../secrets/secret-box';
import { RegistriesRepository, type RegistryRow } from './registries.repository';
import { RegistryClient, type RegistryEndpoint } from './registry-client';

type CreateRequest = z.output<typeof CreateRegistryRequestSchema>;
type UpdateRequest = z.output<typeof UpdateRegistryRequestSchema>;

function notFound(): never {
  throw new AppError('NotFound', 'REGISTRY_NOT_FOUND', 'no such registry');
}

function toRegistry(row: RegistryRow): Registry {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    username: row.username,
    hasPassword: row.passwordEnc !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Private registries: stored with sealed passwords, tested and browsed through the server. */
@Injectable()
export class RegistriesService {
  private readonly client = new RegistryClient();

  constructor(
    private readonly registries: RegistriesRepository,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<Registry[]> {
    return (await this.registries.list()).map(toRegistry);
  }

  async get(id: string): Promise<Registry> {
    return toRegistry(await this.row(id));
  }

  async create(ctx: ActionContext, request: CreateRequest): Promise<Registry> {
    await this.refuseTakenName(request.name);
    const row = await this.registries.create({
      name: request.name,
      url: request.url,
      username: request.username ?? null,
      passwordEnc: request.password === undefined ? null : this.secrets.seal(request.password),
    });
    await this.audit.recordAction(
      ctx,
      'registry.create',
      { type: 'registry', id: row.id },
      'success',
      {
        name: row.name,
        url: row.url,
      },
    );
    return toRegistry(row);
  }

  async update(ctx: ActionContext, id: string, request: UpdateRequest): Promise<Registry> {
    await this.row(id);
    if (request.name !== undefined) await this.refuseTakenName(request.name, id);
    const row = await this.registries.update(id, {
      name: request.name,
      url: request.url,
      username: request.username,
      passwordEnc:
        request.password === undefined
          ? undefined
          : request.password === null
            ? null
            : this.secrets.seal(request.password),
    });
    await this.audit.recordAction(ctx, 'registry.update', { type: 'registry', id }, 'success', {
      fields: Object.keys(request),
    });
    return toRegistry(row);
  }

  async remove(ctx: ActionContext, id: string): Promise<void> {
    const row = await this.row(id);
    await this.registries.delete(id);
    await this.audit.recordAction(ctx, 'registry.delete', { type: 'registry', id }, 'success', {
      name: row.name,
    });
  }

  /** Checks `/v2/` with the stored credentials; the answer (ok or not) is audited as the result. */
  async test(ctx: ActionContext, id: string): Promise<RegistryTestResult> {
    const result = await this.client.check(await this.endpoint(id));
    await this.audit.recordAction(
      ctx,
      'registry.test',
      { type: 'registry', id },
      result.ok ? 'success' : 'failure',
      { message: result.message },
    );
    return result;
  }

  async repositories(id: string, n: number, last?: string): Promise<RegistryRepositoriesPage> {
    return this.client.catalog(await this.endpoint(id), n, last);
  }

  async tags(id: string, repository: string): Promise<RegistryTags> {
    return this.client.tags(await this.endpoint(id), repository);
  }

  private async row(id: string): Promise<RegistryRow> {
    return (await this.registries.find(id)) ?? notFound();
  }

  /** Where and how to sign in; a password sealed with a previous key is resealed with the current one. */
  private async endpoint(id: string): Promise<RegistryEndpoint> {
    const row = await this.row(id);
    const password = row.passwordEnc === null ? null : this.secrets.open(row.passwordEnc);
    if (password !== null && row.passwordEnc !== null && this.secrets.needsReseal(row.passwordEnc))
      await this.registries.reseal(id, row.passwordEnc, this.secrets.seal(password));
    return { url: row.url, username: row.username, password };
  }

  private async refuseTakenName(name: string, exceptId?: string): Promise<void> {
    if (await this.registries.nameTaken(name, exceptId))
      throw new AppError('AlreadyExists', 'REGISTRY_NAME_TAKEN', `a registry named ${name} exists`);
  }
}
