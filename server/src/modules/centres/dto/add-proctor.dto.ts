import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { AddProctorRequest } from '@invigil/contracts';

export class AddProctorDto implements AddProctorRequest {
  @ApiProperty({ description: 'a user holding the proctor role in the centre institution' })
  @IsUUID()
  userId!: string;
}
