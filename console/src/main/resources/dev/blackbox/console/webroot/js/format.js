// Numbers as the transcripts print them (replay's Times): durations, offsets, money.

export function duration(ms) {
  ms = Math.max(0, ms || 0);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m ${pad(Math.floor(ms / 1000) % 60)}s`;
  return `${Math.floor(ms / 3_600_000)}h ${pad(Math.floor(ms / 60_000) % 60)}m`;
}

/** +MM:SS.mmm (or +H:MM:SS.mmm) from the session's first entry; times are epoch microseconds. */
export function offset(micros) {
  const ms = Math.max(0, Math.floor(micros / 1000));
  const h = Math.floor(ms / 3_600_000), m = Math.floor(ms / 60_000) % 60, s = Math.floor(ms / 1000) % 60;
  const milli = String(ms % 1000).padStart(3, '0');
  return h > 0 ? `+${h}:${pad(m)}:${pad(s)}.${milli}` : `+${pad(m)}:${pad(s)}.${milli}`;
}

export function usd(value) {
  if (value === undefined || value === null) return '–';
  return '$' + Number(value).toFixed(6).replace(/0{1,4}$/, '');
}

/** How long ago an epoch-microsecond time was. */
export function age(micros) {
  return duration(Date.now() - micros / 1000);
}

export function pretty(value) {
  return JSON.stringify(value === undefined ? {} : value, null, 2);
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : '–';
}

function pad(n) {
  return String(n).padStart(2, '0');
}
