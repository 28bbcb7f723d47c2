import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AcceptInvitationRequest,
  BulkInvitationRequest,
  BulkInvitationResultDto,
  CreateBodyAdminInvitationRequest,
  CreateInstitutionRequest,
  CreateInvitationRequest,
  InstitutionDto,
  InvitationDto,
  InvitationPreviewDto,
  InvitationStatus,
  MemberDto,
  PageDto,
  RoleName,
  TokenPairDto,
} from '@invigil/contracts';
import { Observable } from 'rxjs';
import { API_BASE, PageRequest, queryParams, SKIP_AUTH } from './api-base';

@Injectable({ providedIn: 'root' })
export class InstitutionsApi {
  private readonly http = inject(HttpClient);

  /** The operator sees every institution; others their own. */
  list(page: PageRequest): Observable<PageDto<InstitutionDto>> {
    return this.http.get<PageDto<InstitutionDto>>(`${API_BASE}/institutions`, {
      params: queryParams({ ...page }),
    });
  }

  get(id: string): Observable<InstitutionDto> {
    return this.http.get<InstitutionDto>(`${API_BASE}/institutions/${id}`);
  }

  create(body: CreateInstitutionRequest): Observable<InstitutionDto> {
    return this.http.post<InstitutionDto>(`${API_BASE}/institutions`, body);
  }

  members(
    institutionId: string,
    query: PageRequest & { role?: RoleName | null; q?: string | null },
  ): Observable<PageDto<MemberDto>> {
    return this.http.get<PageDto<MemberDto>>(`${API_BASE}/institutions/${institutionId}/members`, {
      params: queryParams({ ...query }),
    });
  }

  removeRole(institutionId: string, userId: string, role: RoleName): Observable<void> {
    return this.http.delete<void>(
      `${API_BASE}/institutions/${institutionId}/members/${userId}/roles/${role}`,
    );
  }

  invitations(
    institutionId: string,
    query: PageRequest & { status?: InvitationStatus | null },
  ): Observable<PageDto<InvitationDto>> {
    return this.http.get<PageDto<InvitationDto>>(`${API_BASE}/institutions/${institutionId}/invitations`, {
      params: queryParams({ ...query }),
    });
  }

  invite(institutionId: string, body: CreateInvitationRequest): Observable<InvitationDto> {
    return this.http.post<InvitationDto>(`${API_BASE}/institutions/${institutionId}/invitations`, body);
  }

  inviteBulk(institutionId: string, body: BulkInvitationRequest): Observable<BulkInvitationResultDto> {
    return this.http.post<BulkInvitationResultDto>(
      `${API_BASE}/institutions/${institutionId}/invitations/bulk`,
      body,
    );
  }

  revokeInvitation(institutionId: string, invitationId: string): Observable<void> {
    return this.http.delete<void>(`${API_BASE}/institutions/${institutionId}/invitations/${invitationId}`);
  }

  inviteBodyAdmin(bodyId: string, body: CreateBodyAdminInvitationRequest): Observable<InvitationDto> {
    return this.http.post<InvitationDto>(`${API_BASE}/certification-bodies/${bodyId}/invitations`, body);
  }

  previewInvitation(token: string): Observable<InvitationPreviewDto> {
    return this.http.get<InvitationPreviewDto>(`${API_BASE}/invitations/${encodeURIComponent(token)}`);
  }

  /** Creates the account (or checks its password), grants the role and signs in. */
  acceptInvitation(body: AcceptInvitationRequest): Observable<TokenPairDto> {
    return this.http.post<TokenPairDto>(`${API_BASE}/invitations/accept`, body, {
      context: new HttpContext().set(SKIP_AUTH, true),
    });
  }
}
