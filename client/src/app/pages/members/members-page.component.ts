import { ChangeDetectionStrategy, Component, computed, inject, signal, viewChild } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTabsModule } from '@angular/material/tabs';
import type {
  BulkInvitationRequest,
  BulkInvitationResultDto,
  CreateInvitationRequest,
  InvitationDto,
  InvitationStatus,
  MemberDto,
  RoleName,
} from '@invigil/contracts';
import { InstitutionsApi } from '../../core/api/institutions.api';
import { AuthService } from '../../core/auth/auth.service';
import { InstitutionContext } from '../../core/context/institution-context.service';
import { action, remote } from '../../core/data/remote';
import { DateTimePipe } from '../../core/format/format.pipes';
import { INVITABLE_INSTITUTION_ROLES, INVITATION_STATUS_LABELS, ROLE_LABELS } from '../../core/format/labels';
import { applyFieldErrors } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { CsvFileButtonComponent, MAX_ROSTER_BYTES } from '../../core/ui/csv-file-button.component';
import { SkippedLinesTableComponent } from '../../core/ui/skipped-lines-table.component';
import { ConfirmService } from '../../core/ui/confirm.service';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { ChipTone, StatusChipComponent } from '../../core/ui/status-chip.component';

/** An institution's members and their roles, and inviting more (one by one or from a CSV roster). */
@Component({
  selector: 'inv-members-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    CsvFileButtonComponent,
    SkippedLinesTableComponent,
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    MatButton,
    MatTabsModule,
    MatPaginator,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    StatusChipComponent,
    DateTimePipe,
  ],
  templateUrl: './members-page.component.html',
  styleUrl: './members-page.component.scss',
})
export class MembersPageComponent {
  private readonly api = inject(InstitutionsApi);
  private readonly auth = inject(AuthService);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly context = inject(InstitutionContext);

  protected readonly roleLabels = ROLE_LABELS;
  protected readonly statusLabels = INVITATION_STATUS_LABELS;
  protected readonly invitableRoles = INVITABLE_INSTITUTION_ROLES;
  protected readonly rosterRoles = ['candidate', 'instructor', 'proctor'] as const;
  protected readonly myUserId = computed(() => this.auth.user()?.id ?? null);

  private readonly institutionId = computed(() => this.context.institutionId() ?? undefined);
  protected readonly memberPage = signal({ limit: 50, offset: 0 });
  protected readonly members = remote(
    () => {
      const id = this.institutionId();
      return id ? { id, ...this.memberPage() } : undefined;
    },
    ({ id, limit, offset }) => this.api.members(id, { limit, offset }),
  );
  protected readonly showAllInvitations = signal(false);
  protected readonly invitationPage = signal({ limit: 25, offset: 0 });
  protected readonly invitations = remote(
    () => {
      const id = this.institutionId();
      const status: InvitationStatus | null = this.showAllInvitations() ? null : 'pending';
      return id ? { id, status, ...this.invitationPage() } : undefined;
    },
    ({ id, status, limit, offset }) => this.api.invitations(id, { status, limit, offset }),
  );

  protected readonly inviteForm = this.fb.group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    role: this.fb.control<CreateInvitationRequest['role']>('candidate', Validators.required),
  });
  protected readonly bulkForm = this.fb.group({
    csv: ['', [Validators.required, Validators.maxLength(MAX_ROSTER_BYTES)]],
    defaultRole: this.fb.control<NonNullable<BulkInvitationRequest['defaultRole']>>('candidate'),
  });
  private readonly csvFile = viewChild(CsvFileButtonComponent);
  protected readonly bulkResult = signal<BulkInvitationResultDto | null>(null);

  protected readonly invite = action();
  protected readonly bulk = action();
  protected readonly change = action();

  protected sendInvitation(): void {
    const institutionId = this.institutionId();
    if (!institutionId || this.inviteForm.invalid) {
      this.inviteForm.markAllAsTouched();
      return;
    }
    const { email, role } = this.inviteForm.getRawValue();
    this.invite.run(
      this.api.invite(institutionId, { email: email.trim(), role }),
      (invitation) => {
        this.inviteForm.reset({ email: '', role });
        this.notifier.success(`Invitation sent to ${invitation.email}`);
        this.invitations.reload();
      },
      (problem) => applyFieldErrors(this.inviteForm, problem),
    );
  }

  protected rosterLoaded(text: string): void {
    this.bulkForm.controls.csv.setValue(text);
    this.bulkForm.controls.csv.markAsDirty();
  }

  protected sendBulk(): void {
    const institutionId = this.institutionId();
    if (!institutionId || this.bulkForm.invalid) {
      this.bulkForm.markAllAsTouched();
      return;
    }
    const { csv, defaultRole } = this.bulkForm.getRawValue();
    this.bulkResult.set(null);
    this.bulk.run(this.api.inviteBulk(institutionId, { csv, defaultRole }), (result) => {
      this.bulkResult.set(result);
      if (result.invited > 0) {
        this.bulkForm.reset({ csv: '', defaultRole });
        this.csvFile()?.clear();
        this.invitations.reload();
      }
    });
  }

  protected revoke(invitation: InvitationDto): void {
    const institutionId = this.institutionId();
    if (!institutionId) return;
    this.confirm
      .ask({
        title: 'Revoke the invitation?',
        message: `The link sent to ${invitation.email} will stop working.`,
        confirmLabel: 'Revoke',
        danger: true,
      })
      .subscribe(() =>
        this.change.run(this.api.revokeInvitation(institutionId, invitation.id), () => {
          this.notifier.success(`Invitation to ${invitation.email} revoked`);
          this.invitations.reload();
        }),
      );
  }

  protected removeRole(member: MemberDto, role: RoleName): void {
    const institutionId = this.institutionId();
    if (!institutionId) return;
    const last = member.roles.length === 1;
    this.confirm
      .ask({
        title: `Remove the ${ROLE_LABELS[role].toLowerCase()} role?`,
        message: last
          ? `${member.displayName} holds no other role here and will leave ${this.context.current()?.name ?? 'the institution'}.`
          : `${member.displayName} keeps their other roles.`,
        confirmLabel: 'Remove role',
        danger: true,
      })
      .subscribe(() =>
        this.change.run(this.api.removeRole(institutionId, member.userId, role), () => {
          this.notifier.success(`${member.displayName} is no longer ${ROLE_LABELS[role].toLowerCase()}`);
          this.members.reload();
        }),
      );
  }

  protected toggleAllInvitations(): void {
    this.showAllInvitations.update((all) => !all);
    this.invitationPage.update((p) => ({ ...p, offset: 0 }));
  }

  protected pageMembers(event: PageEvent): void {
    this.memberPage.set({ limit: event.pageSize, offset: event.pageIndex * event.pageSize });
  }

  protected pageInvitations(event: PageEvent): void {
    this.invitationPage.set({ limit: event.pageSize, offset: event.pageIndex * event.pageSize });
  }

  protected invitationTone(status: InvitationStatus): ChipTone {
    return status === 'pending' ? 'warning' : status === 'accepted' ? 'success' : 'neutral';
  }
}
