import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import type { CreateCertificationBodyRequest } from '@invigil/contracts';

export class CreateCertificationBodyDto implements CreateCertificationBodyRequest {
  @ApiProperty({ example: 'microsoft', pattern: '^[a-z0-9][a-z0-9-]{1,39}$' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/, {
    message: 'code must be 2-40 lower-case letters, digits or hyphens, starting with a letter or digit',
  })
  code!: string;

  @ApiProperty({ example: 'Microsoft' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ example: 'https://learn.microsoft.com/credentials/' })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'website must be an http(s) URL' },
  )
  @MaxLength(500)
  website?: string;
}
