/**
 * Who wrote something. Everything the bot treats as evidence of its own work (review markers,
 * finding markers, closing replies, resolved threads) must come from its own account, compared here.
 *
 * Logins are compared in REST form: an app's bot is `<slug>[bot]`, a login no person can have, so a
 * user account named `<slug>` is never taken for the bot. The GitHub adapters turn GraphQL's bare
 * `slug` of a `Bot` into that form before anything reaches the domain.
 */
export function sameLogin(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return a.toLowerCase() === b.toLowerCase();
}

/** The REST login of a GitHub App's bot account, from the app's slug. */
export function botLoginOf(appSlug: string): string {
  return `${appSlug}[bot]`;
}
