import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import type { OpeningHoursDto, ReplaceOpeningHoursRequest } from '@invigil/contracts';

const HH_MM = /^\d{2}:\d{2}$/;

/** The shape of one interval; its meaning (range, order, overlaps) is checked by the domain rule. */
export class OpeningHoursBody implements OpeningHoursDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;
  @ApiProperty({ example: '08:00', description: 'centre-local "HH:mm"' })
  @IsString()
  @Matches(HH_MM, { message: '$property must be a local time "HH:mm"' })
  opens!: string;
  @ApiProperty({ example: '20:00', description: 'centre-local "HH:mm"; "24:00" closes at midnight' })
  @IsString()
  @Matches(HH_MM, { message: '$property must be a local time "HH:mm"' })
  closes!: string;
}

/** A week has 7 days; 8 intervals a day is more than any centre splits its day into. */
export const MAX_OPENING_INTERVALS = 56;

export class ReplaceOpeningHoursDto implements ReplaceOpeningHoursRequest {
  @ApiProperty({ type: [OpeningHoursBody] })
  @IsArray()
  @ArrayMaxSize(MAX_OPENING_INTERVALS)
  @ValidateNested({ each: true })
  @Type(() => OpeningHoursBody)
  hours!: OpeningHoursBody[];
}
