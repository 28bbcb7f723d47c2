import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LabDto, TestingCentreDto } from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { uuidParam } from '../../core/http/uuid-param';
import { CentresService } from './centres.service';
import { CreateCentreDto } from './dto/create-centre.dto';
import { CreateLabDto } from './dto/create-lab.dto';
import { ReplaceOpeningHoursDto } from './dto/replace-opening-hours.dto';
import { UpdateCentreDto } from './dto/update-centre.dto';
import { UpdateLabDto } from './dto/update-lab.dto';

@ApiTags('centres')
@ApiBearerAuth()
@Controller()
export class CentresController {
  constructor(private readonly centres: CentresService) {}

  @Get('institutions/:id/centres')
  @ApiOperation({ summary: "An institution's testing centres (its members, the operator)" })
  @ApiProblems(400, 401, 404)
  list(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<TestingCentreDto[]> {
    return this.centres.list(actor, id);
  }

  @Post('institutions/:id/centres')
  @ApiOperation({
    summary: 'Open a testing centre; it starts in accreditation status "applied" (institution admin)',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  create(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateCentreDto,
  ): Promise<TestingCentreDto> {
    return this.centres.create(actor, id, dto);
  }

  @Get('centres/:id')
  @ApiOperation({ summary: 'A testing centre with its opening hours and labs (members, operator)' })
  @ApiProblems(400, 401, 404)
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<TestingCentreDto> {
    return this.centres.get(actor, id);
  }

  @Patch('centres/:id')
  @ApiOperation({ summary: "Change a centre's details (institution admin)" })
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateCentreDto,
  ): Promise<TestingCentreDto> {
    return this.centres.update(actor, id, dto);
  }

  @Put('centres/:id/opening-hours')
  @ApiOperation({ summary: 'Replace the weekly opening hours, centre-local "HH:mm" (institution admin)' })
  @ApiProblems(400, 401, 403, 404)
  replaceOpeningHours(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ReplaceOpeningHoursDto,
  ): Promise<TestingCentreDto> {
    return this.centres.replaceOpeningHours(actor, id, dto);
  }

  @Post('centres/:id/labs')
  @ApiOperation({ summary: 'Add a lab, 1 to 500 seats, named uniquely in the centre (institution admin)' })
  @ApiProblems(400, 401, 403, 404, 409)
  addLab(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateLabDto,
  ): Promise<LabDto> {
    return this.centres.addLab(actor, id, dto);
  }

  @Patch('centres/:id/labs/:labId')
  @ApiOperation({ summary: 'Rename a lab or change its seats (institution admin)' })
  @ApiProblems(400, 401, 403, 404, 409)
  updateLab(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('labId', uuidParam('labId')) labId: string,
    @Body() dto: UpdateLabDto,
  ): Promise<LabDto> {
    return this.centres.updateLab(actor, id, labId, dto);
  }

  @Delete('centres/:id/labs/:labId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a lab (institution admin)' })
  @ApiProblems(400, 401, 403, 404, 409)
  async removeLab(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('labId', uuidParam('labId')) labId: string,
  ): Promise<void> {
    await this.centres.removeLab(actor, id, labId);
  }
}
