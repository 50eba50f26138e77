import { LoginRequestSchema, SetupAdminRequestSchema } from '@wharf/contracts';
import { createZodDto } from 'nestjs-zod';

export class LoginDto extends createZodDto(LoginRequestSchema) {}
export class SetupAdminDto extends createZodDto(SetupAdminRequestSchema) {}
