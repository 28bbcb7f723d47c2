import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AddressDto } from '@invigil/contracts';
import { CountryCode, OptionalText, Text } from './field-rules';

export class AddressBody implements AddressDto {
  @ApiProperty({ example: '220 King St W' }) @Text(200) line1!: string;
  @ApiPropertyOptional({ nullable: true }) @OptionalText(200) line2?: string | null;
  @ApiProperty({ example: 'Toronto' }) @Text(100) city!: string;
  @ApiPropertyOptional({ nullable: true, example: 'ON' }) @OptionalText(100) region?: string | null;
  @ApiPropertyOptional({ nullable: true, example: 'M5H 1K4' }) @OptionalText(20) postalCode?: string | null;
  @ApiProperty({ example: 'CA', description: 'ISO 3166-1 alpha-2, capitals' })
  @CountryCode()
  country!: string;
}
