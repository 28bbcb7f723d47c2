import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import type { CreateLabRequest } from '@invigil/contracts';
import { MAX_LAB_SEATS } from './create-lab.dto';
import { OptionalNotNull, Text } from './field-rules';

/** Renames a lab or changes its seat count; fields left out stay. */
export class UpdateLabDto implements Partial<CreateLabRequest> {
  @ApiPropertyOptional({ example: 'Lab A' }) @OptionalNotNull() @Text(100) name?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LAB_SEATS })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_LAB_SEATS)
  seats?: number;
}
