import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PageDto, TestingCentreDto } from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { uuidParam } from '../../core/http/uuid-param';
import { AccreditationService } from './accreditation.service';
import { AccreditationQueueQueryDto } from './dto/accreditation-queue-query.dto';
import { DecideAccreditationDto } from './dto/decide-accreditation.dto';

@ApiTags('accreditation')
@ApiBearerAuth()
@Controller()
export class AccreditationController {
  constructor(private readonly accreditation: AccreditationService) {}

  @Get('accreditation/queue')
  @ApiOperation({
    summary: 'Centres awaiting an accreditation decision, longest-waiting first (operator)',
  })
  @ApiProblems(400, 401, 403)
  queue(
    @CurrentActor() actor: Actor,
    @Query() query: AccreditationQueueQueryDto,
  ): Promise<PageDto<TestingCentreDto>> {
    return this.accreditation.queue(actor, query);
  }

  @Post('centres/:id/accreditation')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Decide: start_onboarding (with the one-time fee), record_fee_paid, accredit, suspend, reinstate, reject (operator)',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  decide(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: DecideAccreditationDto,
  ): Promise<TestingCentreDto> {
    return this.accreditation.decide(actor, id, dto);
  }
}
