import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CertificationBodyDto } from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { CertificationBodiesService } from './certification-bodies.service';
import { CreateCertificationBodyDto } from './dto/create-certification-body.dto';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('certification-bodies')
export class CertificationBodiesController {
  constructor(private readonly bodies: CertificationBodiesService) {}

  @Get()
  @ApiOperation({ summary: 'Certification bodies (any signed-in user)' })
  @ApiProblems(401)
  list(): Promise<CertificationBodyDto[]> {
    return this.bodies.list();
  }

  @Post()
  @ApiOperation({ summary: 'Add a certification body (platform operator)' })
  @ApiProblems(400, 401, 403, 409)
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateCertificationBodyDto,
  ): Promise<CertificationBodyDto> {
    return this.bodies.create(actor, dto);
  }
}
