// Language names ("German", "British English") for the BCP 47 codes YouTube gives captions.
const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** The language's English name, or the code itself when it is not a valid language tag. */
export function languageName(code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** "auto-generated German captions", "manual captions", or null when nothing is known. */
export function captionsLabel(kind: 'manual' | 'auto' | null, language: string | null): string | null {
  const name = language === null ? '' : `${languageName(language)} `;
  if (kind === 'auto') return `auto-generated ${name}captions`;
  if (kind === 'manual') return `manual ${name}captions`;
  return language === null ? null : `${name}captions`;
}
