/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;
const DEG = Math.PI / 180;

export function toRadians(degrees: number): number {
  return degrees * DEG;
}

/** Great-circle distance in km between two WGS-84 points given in degrees. */
export function haversineKm(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const aPhi = toRadians(aLat);
  const bPhi = toRadians(bLat);
  return haversineRadiansKm(aPhi, toRadians(aLng), Math.cos(aPhi), bPhi, toRadians(bLng), Math.cos(bPhi));
}

/**
 * The same formula on precomputed radians and cosines: the hot path calls this, haversineKm()
 * calls it too, so eligibility decided either way agrees to the last bit at the radius boundary.
 */
export function haversineRadiansKm(aPhi: number, aLambda: number, aCos: number, bPhi: number, bLambda: number, bCos: number): number {
  const sinHalfPhi = Math.sin((bPhi - aPhi) / 2);
  const sinHalfLambda = Math.sin((bLambda - aLambda) / 2);
  const h = sinHalfPhi * sinHalfPhi + aCos * bCos * sinHalfLambda * sinHalfLambda;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
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
