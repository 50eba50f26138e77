import {
  AgentJoinRequestSchema,
  CreateJoinTokenRequestSchema,
  UpdateHostRequestSchema,
} from '@wharf/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateJoinTokenDto extends createZodDto(CreateJoinTokenRequestSchema) {}
export class AgentJoinDto extends createZodDto(AgentJoinRequestSchema) {}
export class UpdateHostDto extends createZodDto(UpdateHostRequestSchema) {}
