import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditEntryDto, PageDto } from '@invigil/contracts';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { ApiProblems } from '../http/api-problems';
import { PageQueryDto } from '../http/page-query.dto';
import { uuidParam } from '../http/uuid-param';
import { AuditQueryService } from './audit-query.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get('institutions/:institutionId/audit')
  @ApiOperation({ summary: "An institution's audit trail, newest first (institution admins)" })
  @ApiProblems(400, 401, 403, 404)
  forInstitution(
    @CurrentActor() actor: Actor,
    @Param('institutionId', uuidParam('institutionId')) institutionId: string,
    @Query() page: PageQueryDto,
  ): Promise<PageDto<AuditEntryDto>> {
    return this.audit.forInstitution(actor, institutionId, page);
  }

  @Get('audit')
  @ApiOperation({ summary: 'The whole audit trail (platform operator)' })
  @ApiProblems(400, 401, 403)
  all(@CurrentActor() actor: Actor, @Query() page: PageQueryDto): Promise<PageDto<AuditEntryDto>> {
    return this.audit.all(actor, page);
  }
}
