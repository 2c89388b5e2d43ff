import { NANJING_DISTRICTS } from '@app/reference-data';
import { haversineKm, latitudeReachDeg, longitudeReachDeg } from './geo';

describe(haversineKm.name, () => {
  it('is 0 at the same point and symmetric', () => {
    expect(haversineKm(32.05, 118.78, 32.05, 118.78)).toBe(0);
    const [a, b] = [NANJING_DISTRICTS[0], NANJING_DISTRICTS[10]];
    expect(haversineKm(a.lat, a.lng, b.lat, b.lng)).toBe(haversineKm(b.lat, b.lng, a.lat, a.lng));
  });

  it('measures one degree of latitude as about 111.2 km', () => {
    expect(haversineKm(32, 118.8, 33, 118.8)).toBeCloseTo(111.195, 2);
  });

  it('puts Gaochun about 80 km south of Xuanwu', () => {
    const xuanwu = NANJING_DISTRICTS.find((d) => d.pinyin === 'Xuanwu')!;
    const gaochun = NANJING_DISTRICTS.find((d) => d.pinyin === 'Gaochun')!;
    const km = haversineKm(xuanwu.lat, xuanwu.lng, gaochun.lat, gaochun.lng);
    expect(km).toBeGreaterThan(75);
    expect(km).toBeLessThan(85);
  });
});

describe('reach boxes', () => {
  it('contain every point within the radius (the grid may skip nothing)', () => {
    const [lat, lng, radius] = [32.05, 118.78, 25];
    for (let k = 0; k < 3600; k++) {
      const bearing = (k / 3600) * 2 * Math.PI;
      // Walk out along the bearing until just inside the radius.
      let lo = 0;
      let hi = 1;
      for (let step = 0; step < 60; step++) {
        const mid = (lo + hi) / 2;
        const d = haversineKm(lat, lng, lat + mid * Math.cos(bearing), lng + mid * Math.sin(bearing));
        if (d <= radius) lo = mid;
        else hi = mid;
      }
      expect(Math.abs(lo * Math.cos(bearing))).toBeLessThanOrEqual(latitudeReachDeg(radius));
      expect(Math.abs(lo * Math.sin(bearing))).toBeLessThanOrEqual(longitudeReachDeg(radius, lat));
    }
  });
});
