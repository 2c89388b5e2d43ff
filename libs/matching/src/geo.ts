/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;
const DEG = Math.PI / 180;

export function toRadians(degrees: number): number {
  return degrees * DEG;
}

/**
 * Great-circle distance in km between two WGS-84 points given in degrees (spherical Earth).
 * Computed from the chord between the points' unit vectors, which is the haversine formula
 * rearranged: the same number to ~1e-12 km, with one sqrt and one asin instead of four
 * trigonometric calls per pair, and unit vectors the hot path computes once per point.
 */
export function haversineKm(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const a = unitVector(aLat, aLng);
  const b = unitVector(bLat, bLng);
  return chordDistanceKm(a[0], a[1], a[2], b[0], b[1], b[2]);
}

export function unitVector(latDeg: number, lngDeg: number): [number, number, number] {
  const phi = toRadians(latDeg);
  const lambda = toRadians(lngDeg);
  const cosPhi = Math.cos(phi);
  return [cosPhi * Math.cos(lambda), cosPhi * Math.sin(lambda), Math.sin(phi)];
}

/** The distance both haversineKm() and the hot path use, so eligibility agrees to the last bit. */
export function chordDistanceKm(ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  const dx = ax - bx;
  const dy = ay - by;
  const dz = az - bz;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(dx * dx + dy * dy + dz * dz) / 2));
}

/** Half-height in degrees of latitude of the box holding every point within `radiusKm` (exact on a sphere). */
export function latitudeReachDeg(radiusKm: number): number {
  return (radiusKm / EARTH_RADIUS_KM / DEG) * SAFETY;
}

/**
 * Half-width in degrees of longitude of that box around a centre at `latDeg`:
 * asin(sin δ / cos φ) is the exact extreme for a spherical cap; 180 when the cap reaches a pole.
 */
export function longitudeReachDeg(radiusKm: number, latDeg: number): number {
  const delta = radiusKm / EARTH_RADIUS_KM;
  const cosLat = Math.cos(Math.min(90, Math.abs(latDeg)) * DEG);
  const ratio = Math.sin(Math.min(delta, Math.PI / 2)) / cosLat;
  if (!(ratio < 1) || delta >= Math.PI / 2) return 180;
  return (Math.asin(ratio) / DEG) * SAFETY;
}

/** Boxes only pre-filter candidates, so widen them a hair: rounding must never drop an eligible pair. */
const SAFETY = 1 + 1e-9;

export interface GeoBox {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

/**
 * The lat/lng box holding every point within `radiusKm` of (lat, lng): the one bounding
 * box of the product (the engine's spatial grid, the near-filters' SQL, recommendations).
 * It only pre-filters; the exact great-circle distance decides.
 */
export function boundingBox(lat: number, lng: number, radiusKm: number): GeoBox {
  const dLat = latitudeReachDeg(radiusKm);
  const dLng = longitudeReachDeg(radiusKm, lat);
  return { minLat: lat - dLat, maxLat: lat + dLat, minLng: lng - dLng, maxLng: lng + dLng };
}
