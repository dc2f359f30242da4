/**
 * systemd time spans (systemd.time(7)): `90`, `90s`, `1min 30s`, `2m`, `500ms`, `1h`, `infinity`.
 * A bare number means seconds for the *Sec= settings cguard reads.
 */
const UNITS: Record<string, number> = {
  us: 1e-6, usec: 1e-6, µs: 1e-6,
  ms: 1e-3, msec: 1e-3,
  s: 1, sec: 1, second: 1, seconds: 1,
  m: 60, min: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
  M: 2629800, month: 2629800, months: 2629800,
  y: 31557600, year: 31557600, years: 31557600,
};

/** Seconds, `Infinity` for `infinity`, or undefined when the text is not a time span. */
export function parseTimespan(text: string): number | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  if (value === 'infinity') return Infinity;
  let total = 0;
  let rest = value;
  let matched = false;
  while (rest.length) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zµ]*)/i.exec(rest);
    if (!m || m[0].trim() === '') return undefined;
    const unit = m[2] ?? '';
    // Own keys only: `5constructor` is not a time span.
    const factor = unit === '' ? 1 : Object.hasOwn(UNITS, unit) ? UNITS[unit] : Object.hasOwn(UNITS, unit.toLowerCase()) ? UNITS[unit.toLowerCase()] : undefined;
    if (factor === undefined) return undefined;
    total += Number(m[1]) * factor;
    rest = rest.slice(m[0].length);
    matched = true;
  }
  return matched ? total : undefined;
}

/** Docker/Compose durations (`1m30s`, `10s`, `1h`, `500ms`), in seconds. */
export function parseGoDuration(text: string): number | undefined {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value);
  let total = 0;
  let rest = value;
  if (!rest) return undefined;
  while (rest.length) {
    const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (!m) return undefined;
    const factor = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 }[m[2] as 'ns'];
    total += Number(m[1]) * factor;
    rest = rest.slice(m[0].length);
  }
  return total;
}
