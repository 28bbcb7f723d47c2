import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { InstitutionDto, MemberDto, PageDto } from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor } from '../../core/auth/decorators';
import { INSTITUTION_ROLES, InstitutionRole } from '../../core/auth/roles';
import { ApiProblems } from '../../core/http/api-problems';
import { PageQueryDto } from '../../core/http/page-query.dto';
import { uuidParam } from '../../core/http/uuid-param';
import { CreateInstitutionDto } from './dto/create-institution.dto';
import { MemberListQueryDto } from './dto/list-queries.dto';
import { institutionRoleParam } from './dto/role-param';
import { InstitutionsService } from './institutions.service';

@ApiTags('institutions')
@ApiBearerAuth()
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Get()
  @ApiOperation({ summary: 'Institutions: all of them for the operator, otherwise those you belong to' })
  @ApiProblems(400, 401)
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<PageDto<InstitutionDto>> {
    return this.institutions.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Sign an institution and invite its first admin (platform operator)' })
  @ApiProblems(400, 401, 403, 409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateInstitutionDto): Promise<InstitutionDto> {
    return this.institutions.create(actor, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One institution (its members, operator)' })
  @ApiProblems(400, 401, 404)
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string): Promise<InstitutionDto> {
    return this.institutions.get(actor, id);
  }

  @Get(':id/members')
  @ApiOperation({ summary: 'Members and their roles in the institution (institution admin, operator)' })
  @ApiProblems(400, 401, 403, 404)
  members(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: MemberListQueryDto,
  ): Promise<PageDto<MemberDto>> {
    return this.institutions.members(actor, id, query);
  }

  @Delete(':id/members/:userId/roles/:role')
  @HttpCode(204)
  @ApiParam({ name: 'role', enum: INSTITUTION_ROLES })
  @ApiOperation({
    summary: "Take a role away from a member (the institution's admins); the last admin cannot be removed",
  })
  @ApiProblems(400, 401, 403, 404, 409)
  async removeRole(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Param('role', institutionRoleParam('role')) role: InstitutionRole,
  ): Promise<void> {
    await this.institutions.removeRole(actor, id, userId, role);
  }
}
