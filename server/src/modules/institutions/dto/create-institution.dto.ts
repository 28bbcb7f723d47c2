import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsISO31661Alpha2, IsString, MaxLength, MinLength } from 'class-validator';
import type { CreateInstitutionRequest, InstitutionKind } from '@invigil/contracts';
import { IsTimeZone } from '../../../core/http/is-time-zone';
import { INSTITUTION_KINDS } from '../institution.entity';
import { NormaliseEmail, Trim } from '../../../core/http/normalise';

export class CreateInstitutionDto implements CreateInstitutionRequest {
  @ApiProperty({ example: 'Northfield College', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: INSTITUTION_KINDS, example: 'college' })
  @IsIn(INSTITUTION_KINDS)
  kind!: InstitutionKind;

  @ApiProperty({ example: 'CA', description: 'ISO 3166-1 alpha-2 country code' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code such as CA' })
  country!: string;

  @ApiProperty({ example: 'America/Toronto' })
  @IsTimeZone()
  timeZone!: string;

  @ApiProperty({ example: 'admin@northfield.example', description: 'invited as the first institution admin' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  adminEmail!: string;
}
