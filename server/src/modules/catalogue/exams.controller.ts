import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ExamDto } from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { uuidParam } from '../../core/http/uuid-param';
import { CreateExamDto } from './dto/create-exam.dto';
import { ListExamsDto } from './dto/list-exams.dto';
import { UpdateExamDto } from './dto/update-exam.dto';
import { ExamsService } from './exams.service';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller()
export class ExamsController {
  constructor(private readonly exams: ExamsService) {}

  @Get('exams')
  @ApiOperation({
    summary: 'Exams with their objectives, filtered by body, level or text (any signed-in user)',
  })
  @ApiProblems(400, 401)
  list(@Query() filter: ListExamsDto): Promise<ExamDto[]> {
    return this.exams.list(filter);
  }

  @Get('exams/:id')
  @ApiOperation({ summary: 'One exam with its objectives (any signed-in user)' })
  @ApiProblems(400, 401, 404)
  get(@Param('id', uuidParam('id')) id: string): Promise<ExamDto> {
    return this.exams.get(id);
  }

  @Post('certification-bodies/:bodyId/exams')
  @ApiOperation({ summary: "Add an exam to a body's catalogue (that body's admins, platform operator)" })
  @ApiProblems(400, 401, 403, 404, 409)
  create(
    @CurrentActor() actor: Actor,
    @Param('bodyId', uuidParam('bodyId')) bodyId: string,
    @Body() dto: CreateExamDto,
  ): Promise<ExamDto> {
    return this.exams.create(actor, bodyId, dto);
  }

  @Patch('exams/:id')
  @ApiOperation({
    summary:
      "Change an exam; objectives, when sent, replace the exam's (that body's admins, platform operator)",
  })
  @ApiProblems(400, 401, 403, 404)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateExamDto,
  ): Promise<ExamDto> {
    return this.exams.update(actor, id, dto);
  }
}
