// The doctor card on the jobs dashboard: the checks of `npm run doctor`, run from the web server on
// request (they ask YouTube and spend a Data API unit, so never on a mere page view).
import { html } from 'hono/html';
import type { DoctorReport } from '../src/admin/doctor.ts';
import type { Html } from './layout.ts';

export function doctorCard(report: DoctorReport | undefined): Html {
  return html`<section id="doctor" class="doctor">
    <h2>Doctor</h2>
    <p class="muted">From this web server: is the database reachable and migrated, does the Data API key work, and does a known video's
      transcript come through each configured client and exit? The same checks as <code>npm run doctor</code>.</p>
    ${report ? html`<ul class="doctor-checks" data-exit-code="${report.exitCode}">${report.checks.map((c) => html`<li data-ok="${c.ok ? 'true' : 'false'}">${c.line}</li>`)}</ul>` : ''}
    <form method="post" action="/admin/jobs/doctor" hx-post="/admin/jobs/doctor" hx-target="#doctor" hx-swap="outerHTML" hx-disabled-elt="find button">
      <button type="submit">${report ? 'Run the checks again' : 'Run the checks'}</button></form>
  </section>`;
}
