// What YouTube's player and pages say, in English and in the language of a server's region.
// YouTube localises reasons unless the request asks for English, so clients must classify by
// status and structure first; the stand-in speaks German when English is not asked for.

export type AnswerLanguage = 'en' | 'de';

export const REASONS = {
  // YouTube writes this with a typographic apostrophe; clients matching on it must too.
  botCheck: { en: 'Sign in to confirm you’re not a bot', de: 'Melde dich an, um zu bestätigen, dass du kein Bot bist' },
  botCheckMessage: { en: 'This helps protect our community. Learn more', de: 'Das hilft, unsere Community zu schützen. Weitere Informationen' },
  ageRestricted: { en: 'This video may be inappropriate for some users.', de: 'Dieses Video ist möglicherweise für einige Nutzer ungeeignet.' },
  ageMessage: { en: 'Sign in to confirm your age', de: 'Melde dich an, um dein Alter zu bestätigen' },
  unavailable: { en: 'This video is unavailable', de: 'Dieses Video ist nicht verfügbar' },
  private: { en: 'This video is private', de: 'Dieses Video ist privat' },
  privateMessage: { en: 'This is a private video. Please sign in to verify that you may see it.', de: 'Dies ist ein privates Video. Melde dich an, um zu bestätigen, dass du es sehen darfst.' },
  membersOnly: {
    en: 'Join this channel to get access to members-only content like this video, and other exclusive perks.',
    de: 'Werde Mitglied dieses Kanals, um Zugriff auf exklusive Inhalte wie dieses Video und weitere Vorteile zu erhalten.',
  },
  consentTitle: { en: 'Before you continue to YouTube', de: 'Bevor Sie zu YouTube weitergehen' },
  acceptAll: { en: 'Accept all', de: 'Alle akzeptieren' },
} as const satisfies Record<string, Record<AnswerLanguage, string>>;

/**
 * English when the request asks for it (an explicit hl wins, else the first Accept-Language tag),
 * otherwise the region's language.
 */
export function answerLanguage(regionLanguage: AnswerLanguage, hl: string | undefined, acceptLanguage: string | undefined): AnswerLanguage {
  const asked = hl ?? acceptLanguage?.split(',')[0]?.trim();
  return asked !== undefined && /^en\b/i.test(asked) ? 'en' : regionLanguage;
}
