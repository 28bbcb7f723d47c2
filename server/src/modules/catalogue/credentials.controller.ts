import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CredentialDto } from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { uuidParam } from '../../core/http/uuid-param';
import { CredentialsService } from './credentials.service';
import { CreateCredentialDto } from './dto/create-credential.dto';
import { ListCredentialsDto } from './dto/list-credentials.dto';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller()
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Get('credentials')
  @ApiOperation({ summary: 'Credentials with their stacking rules (any signed-in user)' })
  @ApiProblems(400, 401)
  list(@Query() query: ListCredentialsDto): Promise<CredentialDto[]> {
    return this.credentials.list(query.certificationBodyId);
  }

  @Post('certification-bodies/:bodyId/credentials')
  @ApiOperation({
    summary: "Add a credential and the rule that earns it (that body's admins, platform operator)",
  })
  @ApiProblems(400, 401, 403, 404, 409)
  create(
    @CurrentActor() actor: Actor,
    @Param('bodyId', uuidParam('bodyId')) bodyId: string,
    @Body() dto: CreateCredentialDto,
  ): Promise<CredentialDto> {
    return this.credentials.create(actor, bodyId, dto);
  }

  @Put('credentials/:id')
  @ApiOperation({
    summary:
      "Replace a credential's title, description, level and rule; a rule that loops back is refused (409 stacking-rule-cycle)",
  })
  @ApiProblems(400, 401, 403, 404, 409)
  replace(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateCredentialDto,
  ): Promise<CredentialDto> {
    return this.credentials.replace(actor, id, dto);
  }
}
