// Ingest of one `tweet` event: parse, count, and keep the post in the point store when it has a
// position to draw. No DOM and no clock of its own (the caller passes `now`), so node tests it.
import { geoCode } from './store.js';

/** The counters the page shows; ingest() updates received/exact/withPosition/noPosition/malformed. */
export function newCounters() {
  return {
    received: 0, // posts received (any geo)
    exact: 0, // ... with geo "point"
    withPosition: 0, // ... with a position to draw
    noPosition: 0,
    malformed: 0, // events whose data was not JSON
    dropped: 0, // posts the server reported dropped (lag) + posts beyond the pause buffer
    lagEvents: 0,
    resets: 0,
    trends: 0,
    rate: 0, // posts/s over the last 5 s (web/src/post_time.js)
  };
}

/** The record of one event's data, or null when it is not a JSON object. */
export function parseRecord(data) {
  let rec;
  try {
    rec = JSON.parse(data);
  } catch {
    return null;
  }
  return rec !== null && typeof rec === 'object' && !Array.isArray(rec) ? rec : null;
}

/**
 * Takes one event's data (a JSON record) and, when the caller parsed it already, its record.
 * `t` is the post's time on the stream clock (StreamClock.observe). Returns true when the post
 * was added to the store. A line that is not a JSON object counts as malformed; a post without
 * a known geo kind or finite lat/lon counts as without position.
 */
export function ingest(data, store, counters, t, parsed) {
  counters.received++;
  const rec = parsed === undefined ? parseRecord(data) : parsed;
  if (rec === null) {
    counters.malformed++;
    return false;
  }
  if (rec.geo === 'point') counters.exact++;
  const g = geoCode(rec.geo);
  if (g < 0 || typeof rec.lat !== 'number' || typeof rec.lon !== 'number' || !Number.isFinite(rec.lat + rec.lon)) {
    counters.noPosition++;
    return false;
  }
  counters.withPosition++;
  store.add(rec.lat, rec.lon, g, Array.isArray(rec.tags) ? rec.tags : null, data, t, rec.cc);
  return true;
}
