import 'reflect-metadata';

import { mkdirSync } from 'node:fs';

import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { API_PREFIX } from '@wharf/contracts';
import { createLogger, type Logger } from '@wharf/util';
import cookieParser from 'cookie-parser';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { ZodValidationPipe } from 'nestjs-zod';
import { Server } from 'socket.io';

import { AppModule } from './app.module';
import { loadServerConfig } from './config/env.schema';
import { AuthService } from './modules/auth/auth.service';
import { type ServerConfig } from './modules/core/server-config';
import { loadOrCreateServerPki } from './modules/core/server-pki';
import { openDatabase } from './modules/database/database';
import { AgentGateway } from './modules/hosts/agent.gateway';
import { UiGateway } from './modules/hosts/ui.gateway';
import { AllExceptionsFilter } from './modules/http/all-exceptions.filter';
import { jsonBody } from './modules/http/json-body';
import { staticWeb } from './modules/http/static-web';
import { BullMqJobQueue } from './modules/queue/bullmq-job-queue';

async function prepare(config: ServerConfig, logger: Logger) {
  mkdirSync(config.serverDir, { recursive: true, mode: 0o700 });
  const pki = await loadOrCreateServerPki(config.pkiDir, config.publicUrl);
  if (pki.createdCa) logger.info({ pkiDir: config.pkiDir }, 'created a new certificate authority');
  const { db, applied } = await openDatabase(config.database);
  if (applied.length > 0)
    logger.info({ applied, provider: config.database.provider }, 'database migrations applied');
  const queue = await BullMqJobQueue.connect(config.redisUrl, config.redisPrefix);
  return { pki, db, queue };
}

type Prepared = Awaited<ReturnType<typeof prepare>>;

async function createApp(
  config: ServerConfig,
  prepared: Prepared,
  logger: Logger,
): Promise<NestExpressApplication> {
  const { pki, db, queue } = prepared;
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({ config, pki, db, queue, logger }),
    {
      // Agents authenticate with client certificates on the same port as browsers, who have none:
      // ask for one, record whether it verifies against our CA, and let /agent decide.
      httpsOptions: {
        key: pki.server.keyPem,
        cert: pki.server.certPem + pki.ca.certPem,
        ca: [pki.ca.certPem],
        requestCert: true,
        rejectUnauthorized: false,
      },
      bodyParser: false,
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(PinoNestLogger));
  app.disable('x-powered-by');
  app.setGlobalPrefix(API_PREFIX.replace(/^\//, ''));
  app.use(cookieParser(), jsonBody, staticWeb(config.webDir));
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  app.useGlobalPipes(new ZodValidationPipe());
  await app.init();
  return app;
}

function attachSockets(app: NestExpressApplication): Server {
  const io = new Server(app.getHttpServer(), {
    transports: ['websocket'],
    serveClient: false,
    pingInterval: 2000,
    pingTimeout: 3000,
    maxHttpBufferSize: 1_000_000,
  });
  app.get(AgentGateway).attach(io);
  app.get(UiGateway).attach(io);
  return io;
}

function stopOnSignals(
  app: NestExpressApplication,
  io: Server,
  prepared: Prepared,
  logger: Logger,
): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    void (async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close();
      await prepared.queue.close();
      await prepared.db.$disconnect();
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(): Promise<void> {
  const config = loadServerConfig(__dirname);
  const logger = createLogger({
    name: 'wharf-server',
    level: config.logLevel,
    pretty: config.logPretty,
  });
  const prepared = await prepare(config, logger);
  const app = await createApp(config, prepared, logger);
  const io = attachSockets(app);
  await app.listen(config.port, config.host);
  const { needsAdminPassword } = await app.get(AuthService).setupStatus();
  logger.info(
    {
      url: config.publicUrl,
      port: config.port,
      caFingerprint: prepared.pki.caFingerprint,
      database: config.database.provider,
      needsAdminPassword,
    },
    'wharf server ready',
  );
  stopOnSignals(app, io, prepared, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`wharf-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
