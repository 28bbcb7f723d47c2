import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CentreProctorDto } from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { uuidParam } from '../../core/http/uuid-param';
import { AddProctorDto } from './dto/add-proctor.dto';
import { RecordTrainingDto } from './dto/record-training.dto';
import { ProctorsService } from './proctors.service';

@ApiTags('centres')
@ApiBearerAuth()
@Controller('centres/:id/proctors')
export class ProctorsController {
  constructor(private readonly proctors: ProctorsService) {}

  @Get()
  @ApiOperation({
    summary:
      "A centre's proctors, each with latest training and whether it is current (admin, instructor, operator)",
  })
  @ApiProblems(400, 401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<CentreProctorDto[]> {
    return this.proctors.list(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Assign a proctor member of the institution to the centre (institution admin)' })
  @ApiProblems(400, 401, 403, 404, 409)
  add(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: AddProctorDto,
  ): Promise<CentreProctorDto> {
    return this.proctors.add(actor, id, dto.userId);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unassign a proctor from the centre (institution admin)' })
  @ApiProblems(400, 401, 403, 404)
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
  ): Promise<void> {
    await this.proctors.remove(actor, id, userId);
  }

  @Post(':userId/trainings')
  @ApiOperation({
    summary:
      'Record a training: by the operator (no trainer), or by a currently trained proctor of the same centre (institution admin names the trainer)',
  })
  @ApiProblems(400, 401, 403, 404)
  recordTraining(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Body() dto: RecordTrainingDto,
  ): Promise<CentreProctorDto> {
    return this.proctors.recordTraining(actor, id, userId, dto);
  }
}
