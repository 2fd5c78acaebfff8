/**
 * Screenshots are evidence after every step, embedded in the single-file HTML report, so their size is the
 * report's size. JPEG at this quality keeps the portal's text legible and is about a third smaller than PNG
 * on its pages (bench/capture-cost.ts: 40 KB against 58 KB for a logged-in page at 1280x720) and faster to
 * encode. Drivers whose protocol offers only PNG (classic WebDriver) keep PNG; evidence/evidence.ts tells the
 * two apart by their bytes, so each attachment carries its true content type.
 */
export const SCREENSHOT_JPEG_QUALITY = 60;
