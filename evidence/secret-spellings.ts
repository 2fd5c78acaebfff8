// The spellings one secret takes on its way into evidence. A portal that reflects a typed password into a
// redirect writes it form-encoded (`+`, `%21`); a page title or an HTML report writes it with entities; a
// JSON state dump escapes quotes; a Basic credential or a base64 attachment carries it in base64. Masking
// only the raw value leaves every one of these readable, so the redactor masks each of them.

/** Every spelling of `secret` that is not the secret itself, without duplicates. */
export function spellingsOf(secret: string): string[] {
  const percent = [encodeURIComponent(secret), encodeURI(secret), formEncoded(secret)];
  const spellings = [
    ...percent,
    // Percent-encoding's hex digits may be written in either case (RFC 3986 2.1); browsers and servers differ.
    ...percent.map((s) => s.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())),
    JSON.stringify(secret).slice(1, -1),
    ...htmlEscaped(secret),
    ...base64Cores(secret),
  ];
  return [...new Set(spellings)].filter((s) => s !== secret && s.length > 0);
}

/** application/x-www-form-urlencoded, as an HTML form or URLSearchParams writes a value: space as `+`, `!` as %21. */
function formEncoded(secret: string): string {
  return new URLSearchParams({ v: secret }).toString().slice(2);
}

/** The entity spellings of HTML escapers in common use (`'` as &#39;, &#x27; or &apos;; `"` as &quot; or &#34;). */
function htmlEscaped(secret: string): string[] {
  if (!/[&<>"']/.test(secret)) return [];
  const variants: Array<[string, string]> = [
    ['&#39;', '&quot;'],
    ['&#x27;', '&quot;'],
    ['&apos;', '&quot;'],
    ['&#39;', '&#34;'],
  ];
  return variants.map(([apostrophe, quote]) =>
    secret.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': quote, "'": apostrophe })[c] ?? c),
  );
}

/**
 * The part of base64 that stays the same wherever the secret sits in a longer byte string: base64 writes three
 * bytes as four characters, so for each of the three alignments the groups lying wholly inside the secret
 * encode identically, whatever comes before or after (`user:password` in a Basic credential, a file). Cores
 * shorter than 8 characters are left out: too short to be told from chance.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const firstGroup = Math.ceil(offset / 3);
    const lastGroup = Math.floor((offset + bytes.length - 3) / 3);
    if (lastGroup < firstGroup) continue;
    const core = encoded.slice(firstGroup * 4, (lastGroup + 1) * 4);
    if (core.length < 8) continue;
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}
