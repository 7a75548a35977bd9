// Who is an admin. ADMIN_EMAILS names addresses, but an address is only a label Google may rewrite
// at any sign-in and may later give to another account; so an address counts only when Google says
// it is verified, and its admin rights belong to the Google account (subject id) that first signed
// in with it, verified. Moving the rights to another account: delete its admin_subjects row.
import type { Config } from '../config.ts';
import type { Queryable } from '../db/client.ts';

/** At a verified sign-in with an ADMIN_EMAILS address: the first account to do so keeps its rights. */
export async function pinAdminSubject(sql: Queryable, config: Config, profile: { sub: string; email: string; emailVerified: boolean }): Promise<void> {
  const email = profile.email.toLowerCase();
  if (!profile.emailVerified || !config.adminEmails.includes(email)) return;
  await sql`insert into admin_subjects (email, google_subject) values (${email}, ${profile.sub}) on conflict (email) do nothing`;
}

/** What the session knows of a person, checked against ADMIN_EMAILS on every request. */
export function hasAdminRights(config: Config, user: { email: string; emailVerified: boolean; holdsAdminPin: boolean }): boolean {
  return user.emailVerified && user.holdsAdminPin && config.adminEmails.includes(user.email.toLowerCase());
}
