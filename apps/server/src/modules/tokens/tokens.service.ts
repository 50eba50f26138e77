import { randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import {
  ANYWHERE_TARGET,
  GLOBAL_TARGET,
  can,
  type ApiToken,
  type CreateApiTokenRequest,
  type CreatedApiToken,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { API_TOKEN_PREFIX, hashApiToken } from '../access/api-token-verifier';
import { parsePermissions } from '../access/principal.repository';
import { type ActionContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

interface Row {
  id: string;
  name: string;
  scopesJson: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const toToken = (r: Row): ApiToken => ({
  id: r.id,
  name: r.name,
  scopes: parsePermissions(r.scopesJson),
  createdAt: r.createdAt.toISOString(),
  expiresAt: iso(r.expiresAt),
  lastUsedAt: iso(r.lastUsedAt),
  revokedAt: iso(r.revokedAt),
});

const SELECT = {
  id: true,
  name: true,
  scopesJson: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** Personal API tokens: each user's own, limited to permissions the user holds; the secret is shown once. */
@Injectable()
export class TokensService {
  constructor(
    @Inject(DATABASE) private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: ActionContext): Promise<ApiToken[]> {
    const rows = await this.db.apiToken.findMany({
      where: { userId: ctx.principal.userId },
      select: SELECT,
      orderBy: { createdAt: 'desc' },
    });
    return rows.map(toToken);
  }

  async create(ctx: ActionContext, request: CreateApiTokenRequest): Promise<CreatedApiToken> {
    const scopes = [...new Set(request.scopes)];
    const beyond = scopes.filter((p) => !can(ctx.principal, p, ANYWHERE_TARGET));
    if (beyond.length > 0)
      throw new AppError(
        'PermissionDenied',
        'SCOPE_NOT_HELD',
        'a token cannot carry permissions you do not hold',
        { details: { scopes: beyond } },
      );
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = await this.db.apiToken.create({
      data: {
        userId: ctx.principal.userId,
        name: request.name,
        secretHash: hashApiToken(token),
        scopesJson: JSON.stringify(scopes),
        expiresAt:
          request.ttlSeconds === undefined
            ? null
            : new Date(Date.now() + request.ttlSeconds * 1000),
      },
      select: SELECT,
    });
    await this.audit.recordAction(ctx, 'token.create', { type: 'token', id: row.id }, 'success', {
      name: row.name,
      scopes,
    });
    return { ...toToken(row), token };
  }

  /** Your own tokens; user managers may revoke anyone's. Unknown and foreign ids are both 404. */
  async revoke(ctx: ActionContext, id: string): Promise<void> {
    const manager = can(ctx.principal, 'user:manage', GLOBAL_TARGET);
    const row = await this.db.apiToken.findFirst({
      where: { id, ...(manager ? {} : { userId: ctx.principal.userId }) },
      select: { id: true, revokedAt: true },
    });
    if (row === null) throw new AppError('NotFound', 'TOKEN_NOT_FOUND', 'no such token');
    if (row.revokedAt === null)
      await this.db.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await this.audit.recordAction(ctx, 'token.revoke', { type: 'token', id }, 'success');
  }
}
