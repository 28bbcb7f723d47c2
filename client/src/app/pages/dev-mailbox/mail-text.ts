export type MailTextPart =
  | { kind: 'text'; text: string }
  | { kind: 'app-link'; text: string; path: string }
  | { kind: 'link'; text: string; href: string };

const URL_PATTERN = /https?:\/\/[^\s<>"')]+/g;
/** Links into the web client open in this tab whatever origin the server put in the mail. */
const APP_PATHS = ['/invite/', '/login', '/profile'];

/** Splits a plain-text mail into text and links, so the links can be followed. */
export function splitMailText(text: string): MailTextPart[] {
  const parts: MailTextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const index = match.index ?? 0;
    const raw = match[0].replace(/[.,;:]+$/, '');
    if (index > last) parts.push({ kind: 'text', text: text.slice(last, index) });
    let url: URL | null = null;
    try {
      url = new URL(raw);
    } catch {
      url = null;
    }
    if (url && APP_PATHS.some((p) => url.pathname.startsWith(p))) {
      parts.push({ kind: 'app-link', text: raw, path: url.pathname + url.search });
    } else {
      parts.push({ kind: 'link', text: raw, href: raw });
    }
    last = index + raw.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
