import { randomUUID } from 'node:crypto';

import { type DynamicModule, Global, Module, RequestMethod } from '@nestjs/common';
import { type Logger } from '@wharf/util';
import { LoggerModule } from 'nestjs-pino';

import { AccessModule } from './modules/access/access.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { type ServerConfig } from './modules/core/server-config';
import { type ServerPki } from './modules/core/server-pki';
import { DATABASE, SERVER_CONFIG, SERVER_PKI } from './modules/core/tokens';
import { type Db } from './modules/database/database';
import { HostsModule } from './modules/hosts/hosts.module';
import { OpenApiModule } from './modules/openapi/openapi.module';
import { RegistriesModule } from './modules/registries/registries.module';
import { SecretsModule } from './modules/secrets/secrets.module';
import { TeamsModule } from './modules/teams/teams.module';
import { TokensModule } from './modules/tokens/tokens.module';
import { UsersModule } from './modules/users/users.module';
import { JobQueue } from './modules/queue/job-queue.port';

/** What main.ts prepares before Nest starts (fail-fast resources: database, PKI, Redis). */
export interface ServerInfrastructure {
  config: ServerConfig;
  pki: ServerPki;
  db: Db;
  queue: JobQueue;
  logger: Logger;
}

@Global()
@Module({})
class InfrastructureModule {
  static register(infra: ServerInfrastructure): DynamicModule {
    const providers = [
      { provide: SERVER_CONFIG, useValue: infra.config },
      { provide: SERVER_PKI, useValue: infra.pki },
      { provide: DATABASE, useValue: infra.db },
      { provide: JobQueue, useValue: infra.queue },
    ];
    return { module: InfrastructureModule, providers, exports: providers.map((p) => p.provide) };
  }
}

/** The feature modules: every REST controller and socket gateway of the server comes from these. */
export const FEATURE_MODULES = [
  AuthModule,
  AccessModule,
  AuditModule,
  UsersModule,
  TeamsModule,
  TokensModule,
  HostsModule,
  SecretsModule,
  RegistriesModule,
  OpenApiModule,
];

function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(header)
    ? header
    : randomUUID();
}

@Module({})
export class AppModule {
  static register(infra: ServerInfrastructure): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(infra),
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: {
            logger: infra.logger,
            genReqId: (req, res) => {
              const id = requestId(req.headers['x-request-id']);
              res.setHeader('x-request-id', id);
              return id;
            },
            customLogLevel: (_req, res, error) =>
              error !== undefined || res.statusCode >= 500
                ? 'error'
                : res.statusCode >= 400
                  ? 'warn'
                  : 'info',
          },
        }),
        ...FEATURE_MODULES,
      ],
    };
  }
}
