/**
 * Minimal HTML helpers shared by the portal and its identity provider. Pages are plain server-rendered HTML
 * that Internet Explorer 11 also renders (the audit runs there too): no modules, no modern CSS or JS.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export interface PageOptions {
  title: string;
  body: string;
  /** Extra markup for <head> (styles); trusted, never user input. */
  head?: string;
  /** Same-origin script URLs appended at the end of <body>, so the DOM above them exists when they run. */
  scripts?: readonly string[];
}

export function page({ title, body, head = '', scripts = [] }: PageOptions): string {
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
${head}
</head>
<body>
${body}
${scripts.map((src) => `<script src="${esc(src)}"></script>`).join('\n')}
</body>
</html>
`;
}
