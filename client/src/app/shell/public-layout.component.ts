import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterOutlet } from '@angular/router';
import { BrandComponent } from './brand.component';

/** Pages reachable without signing in: a plain bar with the product name over the content. */
@Component({
  selector: 'inv-public-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, BrandComponent],
  template: `
    <header class="bar">
      <a routerLink="/" class="home"><inv-brand /></a>
    </header>
    <main>
      <router-outlet />
    </main>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-height: 100%;
    }
    .bar {
      height: 60px;
      display: flex;
      align-items: center;
      padding: 0 24px;
      background: var(--mat-sys-surface);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .home {
      text-decoration: none;
      color: inherit;
    }
    main {
      flex: 1;
    }
  `,
})
export class PublicLayoutComponent {}
