import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { BrandComponent } from '../../shell/brand.component';

@Component({
  selector: 'inv-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, BrandComponent],
  template: `
    <div class="wrap">
      <inv-brand />
      <h1>Page not found</h1>
      <p class="muted">The address does not match any page. It may have moved, or the link is mistyped.</p>
      <a mat-flat-button routerLink="/">Go to your start page</a>
    </div>
  `,
  styles: `
    .wrap {
      max-width: 480px;
      margin: 96px auto;
      padding: 0 16px;
      text-align: center;
    }
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 24px 0 8px;
    }
  `,
})
export class NotFoundPageComponent {}
