import { Global, Module } from '@nestjs/common';

import { type ServerConfig } from '../core/server-config';
import { SERVER_CONFIG } from '../core/tokens';
import { SecretBox } from './secret-box';
import { loadOrCreateSecretKey } from './secret-key';

/** The one {@link SecretBox} of the server, keyed from config (env or the key file). */
@Global()
@Module({
  providers: [
    {
      provide: SecretBox,
      inject: [SERVER_CONFIG],
      useFactory: (config: ServerConfig) =>
        new SecretBox(
          loadOrCreateSecretKey(config.secrets.key, config.secrets.keyFile),
          config.secrets.previousKeys,
        ),
    },
  ],
  exports: [SecretBox],
})
export class SecretsModule {}
