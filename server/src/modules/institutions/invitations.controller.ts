import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  BulkInvitationResultDto,
  InvitationDto,
  InvitationPreviewDto,
  PageDto,
  TokenPairDto,
} from '@invigil/contracts';
import type { Actor } from '../../core/auth/actor';
import { ClientIp, CurrentActor, Public } from '../../core/auth/decorators';
import { ApiProblems } from '../../core/http/api-problems';
import { uuidParam } from '../../core/http/uuid-param';
import { AcceptInvitationDto } from './dto/accept-invitation.dto';
import { BulkInvitationDto } from './dto/bulk-invitation.dto';
import { CreateBodyAdminInvitationDto, CreateInvitationDto } from './dto/create-invitation.dto';
import { InvitationListQueryDto } from './dto/list-queries.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('invitations')
@ApiBearerAuth()
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get('institutions/:id/invitations')
  @ApiOperation({ summary: "The institution's invitations, newest first (institution admin, operator)" })
  @ApiProblems(400, 401, 403, 404)
  list(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: InvitationListQueryDto,
  ): Promise<PageDto<InvitationDto>> {
    return this.invitations.list(actor, id, query);
  }

  @Post('institutions/:id/invitations')
  @ApiOperation({
    summary: 'Invite someone to a role (institution admin, operator); replaces their open invitation',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  invite(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateInvitationDto,
  ): Promise<InvitationDto> {
    return this.invitations.invite(actor, id, dto);
  }

  @Post('institutions/:id/invitations/bulk')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Invite a class roster from CSV (institution admin, operator); unusable lines are reported',
  })
  @ApiProblems(400, 401, 403, 404)
  bulk(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: BulkInvitationDto,
  ): Promise<BulkInvitationResultDto> {
    return this.invitations.bulk(actor, id, dto);
  }

  @Delete('institutions/:id/invitations/:invitationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw an invitation (institution admin, operator)' })
  @ApiProblems(400, 401, 403, 404, 409)
  async revoke(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Param('invitationId', uuidParam('invitationId')) invitationId: string,
  ): Promise<void> {
    await this.invitations.revoke(actor, id, invitationId);
  }

  @Post('certification-bodies/:id/invitations')
  @ApiOperation({ summary: 'Invite a certification-body admin (platform operator)' })
  @ApiProblems(400, 401, 403, 404, 409)
  inviteBodyAdmin(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateBodyAdminInvitationDto,
  ): Promise<InvitationDto> {
    return this.invitations.inviteBodyAdmin(actor, id, dto);
  }

  @Public()
  @Get('invitations/:token')
  @ApiOperation({ summary: 'What an invitation link is for, before accepting it (public)' })
  @ApiProblems(404)
  preview(@Param('token') token: string): Promise<InvitationPreviewDto> {
    return this.invitations.preview(token);
  }

  @Public()
  @Post('invitations/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept an invitation: creates the account or checks its password, grants the role, signs in',
  })
  @ApiProblems(400, 401, 404, 409, 429)
  accept(
    @Body() dto: AcceptInvitationDto,
    @ClientIp() ip: string,
    @Headers('user-agent') ua?: string,
  ): Promise<TokenPairDto> {
    return this.invitations.accept(dto, { ip, userAgent: ua ?? null });
  }
}
