import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  InstitutionBookingRulesDto,
  MaintenanceWindowDto,
  PeakPeriodDto,
  PoolUtilisationDto,
  VmPoolDto,
} from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { uuidParam } from '../../core/http/uuid-param';
import {
  AssignCentrePoolDto,
  CreateMaintenanceWindowDto,
  CreatePeakPeriodDto,
  CreateVmPoolDto,
  InstantRangeQueryDto,
  UpdateInstitutionBookingRulesDto,
  UpdateVmPoolDto,
} from './dto/scheduling-requests.dto';
import { VmPoolsService } from './vm-pools.service';

@ApiTags('scheduling')
@ApiBearerAuth()
@Controller()
export class VmPoolsController {
  constructor(private readonly pools: VmPoolsService) {}

  @Get('vm-pools')
  @ApiOperation({ summary: 'VM pools by region (operator)' })
  @ApiProblems(401, 403)
  list(@CurrentActor() actor: Actor): Promise<VmPoolDto[]> {
    return this.pools.list(actor);
  }

  @Post('vm-pools')
  @ApiOperation({ summary: 'Create the VM pool of a region (operator)' })
  @ApiProblems(400, 401, 403, 409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateVmPoolDto): Promise<VmPoolDto> {
    return this.pools.create(actor, dto);
  }

  @Patch('vm-pools/:id')
  @ApiOperation({ summary: 'Rename a pool or change its hourly capacity (never below what is booked)' })
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateVmPoolDto,
  ): Promise<VmPoolDto> {
    return this.pools.update(actor, id, dto);
  }

  @Put('centres/:id/vm-pool')
  @ApiOperation({ summary: 'Put a centre in a region: its online seats draw VMs from that pool (operator)' })
  @ApiProblems(400, 401, 403, 404)
  assignCentre(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: AssignCentrePoolDto,
  ): Promise<{ centreId: string; vmPoolId: string }> {
    return this.pools.assignCentre(actor, id, dto.vmPoolId);
  }

  @Get('vm-pools/:id/maintenance-windows')
  @ApiOperation({ summary: 'Maintenance windows of a pool from a week ago on (operator)' })
  @ApiProblems(400, 401, 403, 404)
  listMaintenance(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<MaintenanceWindowDto[]> {
    return this.pools.listMaintenance(actor, id);
  }

  @Post('vm-pools/:id/maintenance-windows')
  @ApiOperation({
    summary: 'Take VMs offline for a while; 409 if booked hours would be overbooked (operator)',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  addMaintenance(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateMaintenanceWindowDto,
  ): Promise<MaintenanceWindowDto> {
    return this.pools.addMaintenance(actor, id, dto);
  }

  @Delete('vm-pools/:id/maintenance-windows/:windowId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a maintenance window (operator)' })
  @ApiProblems(400, 401, 403, 404)
  async removeMaintenance(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('windowId', uuidParam('windowId')) windowId: string,
  ): Promise<void> {
    await this.pools.removeMaintenance(actor, id, windowId);
  }

  @Get('vm-pools/:id/peak-periods')
  @ApiOperation({ summary: "A region's peak periods (operator)" })
  @ApiProblems(400, 401, 403, 404)
  listPeaks(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<PeakPeriodDto[]> {
    return this.pools.listPeaks(actor, id);
  }

  @Post('vm-pools/:id/peak-periods')
  @ApiOperation({
    summary: 'Define a peak period of a region: bookings then need 21 days of lead time (operator)',
  })
  @ApiProblems(400, 401, 403, 404)
  addPeak(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreatePeakPeriodDto,
  ): Promise<PeakPeriodDto> {
    return this.pools.addPeak(actor, id, dto);
  }

  @Delete('vm-pools/:id/peak-periods/:periodId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a peak period (operator)' })
  @ApiProblems(400, 401, 403, 404)
  async removePeak(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('periodId', uuidParam('periodId')) periodId: string,
  ): Promise<void> {
    await this.pools.removePeak(actor, id, periodId);
  }

  @Get('vm-pools/:id/utilisation')
  @ApiOperation({
    summary: 'Capacity, used, held and free VMs per hour; default the next 6 weeks (operator)',
  })
  @ApiProblems(400, 401, 403, 404)
  utilisation(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: InstantRangeQueryDto,
  ): Promise<PoolUtilisationDto> {
    return this.pools.utilisation(actor, id, query.from, query.to);
  }

  @Get('institutions/:id/booking-rules')
  @ApiOperation({ summary: "An institution's own booking window and the one in force" })
  @ApiProblems(400, 401, 403, 404)
  bookingRules(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<InstitutionBookingRulesDto> {
    return this.pools.bookingRules(actor, id);
  }

  @Put('institutions/:id/booking-rules')
  @ApiOperation({ summary: 'Set stricter booking rules for the institution (institution admin)' })
  @ApiProblems(400, 401, 403, 404)
  updateBookingRules(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateInstitutionBookingRulesDto,
  ): Promise<InstitutionBookingRulesDto> {
    return this.pools.updateBookingRules(actor, id, dto);
  }
}
