const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const SPECIAL = /[&<>"']/g;

/** Escapes `& < > " '` so relayed text is inert in an HTML page; nothing else is rewritten. */
export function escapeHtml(text: string): string {
  // Most chat lines hold none of the five characters: skip the replace (and its allocation).
  SPECIAL.lastIndex = 0;
  return SPECIAL.test(text) ? text.replace(SPECIAL, (c) => ENTITIES[c]) : text;
}
