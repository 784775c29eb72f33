/**
 * Ages as kubectl prints them (`5s`, `3m20s`, `4h10m`, `2d4h`, `1y30d`): the rules of
 * apimachinery's `duration.HumanDuration`, which kube-apiserver's printers use for the AGE column —
 * about two significant units, seconds up to two minutes, then coarser steps.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** Formats a duration in milliseconds; `<invalid>` when more than a second negative (clock skew). */
export const humanDuration = (ms: number): string => {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const d = Math.trunc(hours / 24);
    return h === 0 ? `${d}d` : `${d}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const years = Math.trunc(ms / YEAR);
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${years}y`;
};

/**
 * The AGE cell of an object created at `creationTimestamp` (RFC 3339), seen at `now`;
 * `<unknown>` when the timestamp is missing or unparsable, as kube-apiserver prints it.
 */
export const age = (creationTimestamp: string | null | undefined, now: Date = new Date()): string => {
  if (!creationTimestamp) return '<unknown>';
  const t = Date.parse(creationTimestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now.getTime() - t);
};
