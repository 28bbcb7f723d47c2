import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import type { CreateLabRequest } from '@invigil/contracts';
import { Text } from './field-rules';

export const MAX_LAB_SEATS = 500;

export class CreateLabDto implements CreateLabRequest {
  @ApiProperty({ example: 'Lab A' }) @Text(100) name!: string;
  @ApiProperty({ minimum: 1, maximum: MAX_LAB_SEATS, example: 24 })
  @IsInt()
  @Min(1)
  @Max(MAX_LAB_SEATS)
  seats!: number;
}
