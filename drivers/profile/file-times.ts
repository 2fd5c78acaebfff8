import { statSync } from 'node:fs';

/** When a file was last written (epoch ms), 0 when it does not exist (yet): the browser has not written it. */
export function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
