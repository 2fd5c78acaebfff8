// The idle timeout a portal states on its pages ("you are logged out after 15 minutes of inactivity", "Du loggas
// ut efter 20 minuter utan aktivitet"), read by `init` from the logged-in page's visible text. Only a sentence
// that ties a duration to inactivity or to being logged out counts: a bare "15 minutes" says nothing about the
// session. English, Swedish, German, French and Spanish, as the rest of init's words (words.ts).

const UNIT_SECONDS: Record<string, number> = { s: 1, sec: 1, second: 1, sekund: 1, sekunde: 1, seconde: 1, segundo: 1, m: 60, min: 60, minute: 60, minut: 60, minuto: 60, h: 3600, hour: 3600, timme: 3600, stunde: 3600, heure: 3600, hora: 3600 };

const NUMBER = String.raw`(\d{1,4})\s*(s|sec|seconds?|sekunder|sekund(?:en)?|secondes?|segundos?|m|min|minutes?|minuter|minut|minuten|minutos?|h|hours?|timmar|timme|stunden?|heures?|horas?)\b`;

/** Words that make a duration an idle timeout when they stand near it (within the same sentence). */
const IDLE = /(inactiv|inaktiv|idle|utan aktivitet|no activity|without activity|sans activit|sin actividad|logged out|signed out|loggas ut|utloggad|abgemeldet|d[ée]connect|cierra la sesi|session (expires|ends|times out))/i;

function unitSeconds(unit: string): number {
  const u = unit.toLowerCase();
  const key = Object.keys(UNIT_SECONDS)
    .sort((a, b) => b.length - a.length)
    .find((k) => u.startsWith(k) || (k === 'timme' && u.startsWith('timmar')));
  return key ? (UNIT_SECONDS[key] ?? 0) : 0;
}

/** The stated idle timeout in seconds and the sentence stating it, or undefined when no sentence states one. */
export function statedIdleTimeout(text: string): { seconds: number; sentence: string } | undefined {
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
    if (!IDLE.test(sentence)) continue;
    const match = new RegExp(NUMBER, 'i').exec(sentence);
    if (!match) continue;
    const seconds = Number(match[1]) * unitSeconds(match[2] ?? '');
    // The target file takes 1 s to an hour (targets/target.ts): anything else is not an idle timeout to audit.
    if (seconds > 0 && seconds <= 3600) return { seconds, sentence: sentence.trim().slice(0, 160) };
  }
  return undefined;
}
