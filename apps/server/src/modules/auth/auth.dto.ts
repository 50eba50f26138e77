import {
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  SetupAdminRequestSchema,
  TotpCodeRequestSchema,
  TotpDisableRequestSchema,
} from '@wharf/contracts';
import { createZodDto } from 'nestjs-zod';

export class LoginDto extends createZodDto(LoginRequestSchema) {}
export class SetupAdminDto extends createZodDto(SetupAdminRequestSchema) {}
export class ChangePasswordDto extends createZodDto(ChangePasswordRequestSchema) {}
export class TotpCodeDto extends createZodDto(TotpCodeRequestSchema) {}
export class TotpDisableDto extends createZodDto(TotpDisableRequestSchema) {}
