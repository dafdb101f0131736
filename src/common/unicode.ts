/**
 * Code points that may never appear in relayed text or names (PROTOCOL.md §6): C0/C1 controls
 * except tab and newline, bidi embeddings/overrides/isolates and marks, invisible formatting
 * characters, non-characters and private-use code points. Zero-width joiners and tag characters
 * are judged separately because emoji sequences need them.
 */
const FORBIDDEN =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF0-\uFFFB\uFDD0-\uFDEF\uE000-\uF8FF\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E001F}\u{E0080}-\u{E00FF}\u{E01F0}-\u{E0FFF}\u{F0000}-\u{10FFFF}]|[\uFFFE\uFFFF\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}]/u;

/** A zero-width joiner is legitimate only inside an emoji sequence (👩‍💻). */
const STRAY_ZWJ = /(?<![\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F])\u200D|\u200D(?!\p{Extended_Pictographic})/u;

/** Tag characters are legitimate only in a subdivision flag sequence (🏴 followed by tags). */
const STRAY_TAG = /(?<![\u{1F3F4}\u{E0020}-\u{E007E}])[\u{E0020}-\u{E007F}]/u;

/** The first reason a text is unsafe to relay, or null when it is fine. */
export function findDangerousUnicode(text: string): string | null {
  if (FORBIDDEN.test(text)) return 'contains control, bidi, invisible, non-character or private-use characters';
  if (STRAY_ZWJ.test(text)) return 'contains a zero-width joiner outside an emoji sequence';
  if (STRAY_TAG.test(text)) return 'contains invisible tag characters';
  return null;
}

/** Length in code points, which is what a user would call characters. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
    n++;
  }
  return n;
}
