import { DOMAIN_COUNT } from './domains';
import { latitudeReachDeg, longitudeReachDeg } from './geo';
import { PreparedInput } from './prepared-input';

/** Grid cell edge in degrees (~11 km north-south): a few cells per service radius. */
const DEFAULT_CELL_DEG = 0.1;
/** Bound on cells per grid so that scattered coordinates (a typo at the equator) cannot blow up memory. */
const MAX_CELLS = 1 << 16;

/**
 * Candidate generation without touching all pairs: for every need domain, a uniform lat/lng grid
 * of the organizations that can serve it (an offering in that domain or a related one, free
 * capacity > 0). A need visits the cells within the domain's largest service radius, and skips a
 * cell unless it lies in the union of the cell's organizations' reach boxes (the lat/lng box around
 * each service disc). Candidates are then pre-filtered by grade and by each organization's own
 * reach box; the exact great-circle check is the scorer's. Longitudes are not wrapped at ±180°
 * (China is far from the antimeridian).
 */
export class CandidateIndex {
  private readonly cellDeg: number;
  private readonly latOrigin: number;
  private readonly lngOrigin: number;
  private readonly rows: number;
  private readonly cols: number;
  private readonly grids: (DomainGrid | null)[] = [];
  private readonly bits: Int32Array;

  constructor(private readonly input: PreparedInput) {
    const m = input.organizations.length;
    let latMin = Infinity,
      latMax = -Infinity,
      lngMin = Infinity,
      lngMax = -Infinity;
    for (let j = 0; j < m; j++) {
      if (input.orgCapacity[j] === 0) continue;
      latMin = Math.min(latMin, input.orgLat[j]);
      latMax = Math.max(latMax, input.orgLat[j]);
      lngMin = Math.min(lngMin, input.orgLng[j]);
      lngMax = Math.max(lngMax, input.orgLng[j]);
    }
    if (latMin > latMax) latMin = latMax = lngMin = lngMax = 0; // no organization with capacity
    let cellDeg = DEFAULT_CELL_DEG;
    while ((Math.floor((latMax - latMin) / cellDeg) + 1) * (Math.floor((lngMax - lngMin) / cellDeg) + 1) > MAX_CELLS) cellDeg *= 2;
    this.cellDeg = cellDeg;
    this.latOrigin = latMin;
    this.lngOrigin = lngMin;
    this.rows = Math.floor((latMax - latMin) / cellDeg) + 1;
    this.cols = Math.floor((lngMax - lngMin) / cellDeg) + 1;
    for (let d = 0; d < DOMAIN_COUNT; d++) this.grids.push(this.buildGrid(d));
    this.bits = new Int32Array((m >> 5) + 1);
  }

  /**
   * Writes the candidate organizations of need `i` into `out` in ascending index (= id) order and
   * returns how many. `out` must hold at least organizations.length entries.
   */
  collect(i: number, out: Int32Array): number {
    const input = this.input;
    const domain = input.needDomain[i];
    const grid = domain >= 0 ? this.grids[domain] : null;
    if (grid === null) return 0;
    const lat = input.needLat[i];
    const lng = input.needLng[i];
    const minRank = input.needMinGradeRank[i];
    // Cells that could hold an organization within grid.maxRadiusKm of the need.
    const latReach = latitudeReachDeg(grid.maxRadiusKm);
    const lngReach = longitudeReachDeg(grid.maxRadiusKm, lat);
    const r0 = Math.max(0, Math.floor((lat - latReach - this.latOrigin) / this.cellDeg));
    const r1 = Math.min(this.rows - 1, Math.floor((lat + latReach - this.latOrigin) / this.cellDeg));
    const c0 = Math.max(0, Math.floor((lng - lngReach - this.lngOrigin) / this.cellDeg));
    const c1 = Math.min(this.cols - 1, Math.floor((lng + lngReach - this.lngOrigin) / this.cellDeg));
    const { cellStart, cellOrgs, cellReachLatMin, cellReachLatMax, cellReachLngMin, cellReachLngMax } = grid;
    const { memberGradeRank, memberLatMin, memberLatMax, memberLngMin, memberLngMax } = grid;
    let count = 0;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.cols + c;
        const start = cellStart[cell];
        const end = cellStart[cell + 1];
        if (start === end) continue;
        if (lat < cellReachLatMin[cell] || lat > cellReachLatMax[cell] || lng < cellReachLngMin[cell] || lng > cellReachLngMax[cell]) continue;
        for (let e = start; e < end; e++) {
          if (memberGradeRank[e] < minRank) continue;
          if (lat < memberLatMin[e] || lat > memberLatMax[e] || lng < memberLngMin[e] || lng > memberLngMax[e]) continue;
          out[count++] = cellOrgs[e];
        }
      }
    }
    // Cells are visited row by row, so restore id order: the scorer's ties and the CSR rely on it.
    // A bitset over organizations does it in one pass unless it is much larger than the candidates.
    if (this.bits.length > 4 * count) out.subarray(0, count).sort();
    else sortWithBitset(out, count, this.bits);
    return count;
  }

  private buildGrid(domain: number): DomainGrid | null {
    const input = this.input;
    const m = input.organizations.length;
    const cellCount = this.rows * this.cols;
    const cellOf = new Int32Array(m).fill(-1);
    const cellStart = new Int32Array(cellCount + 1);
    let members = 0;
    const bit = 1 << domain;
    for (let j = 0; j < m; j++) {
      if (input.orgCapacity[j] === 0 || (input.orgServedDomains[j] & bit) === 0) continue;
      const r = Math.floor((input.orgLat[j] - this.latOrigin) / this.cellDeg);
      const c = Math.floor((input.orgLng[j] - this.lngOrigin) / this.cellDeg);
      cellOf[j] = r * this.cols + c;
      cellStart[cellOf[j] + 1]++;
      members++;
    }
    if (members === 0) return null;
    for (let cell = 0; cell < cellCount; cell++) cellStart[cell + 1] += cellStart[cell];
    const fill = cellStart.slice(0, cellCount);
    const cellOrgs = new Int32Array(members);
    // Copies of what the scan tests, in cell order, so a cell is read sequentially.
    const memberGradeRank = new Int32Array(members);
    const memberLatMin = new Float64Array(members);
    const memberLatMax = new Float64Array(members);
    const memberLngMin = new Float64Array(members);
    const memberLngMax = new Float64Array(members);
    const cellReachLatMin = new Float64Array(cellCount).fill(Infinity);
    const cellReachLatMax = new Float64Array(cellCount).fill(-Infinity);
    const cellReachLngMin = new Float64Array(cellCount).fill(Infinity);
    const cellReachLngMax = new Float64Array(cellCount).fill(-Infinity);
    let maxRadiusKm = 0;
    for (let j = 0; j < m; j++) {
      const cell = cellOf[j];
      if (cell < 0) continue;
      const e = fill[cell]++;
      cellOrgs[e] = j;
      memberGradeRank[e] = input.orgGradeRank[j];
      memberLatMin[e] = input.orgReachLatMin[j];
      memberLatMax[e] = input.orgReachLatMax[j];
      memberLngMin[e] = input.orgReachLngMin[j];
      memberLngMax[e] = input.orgReachLngMax[j];
      // The cell's reach box is the union of its organizations' reach boxes.
      cellReachLatMin[cell] = Math.min(cellReachLatMin[cell], input.orgReachLatMin[j]);
      cellReachLatMax[cell] = Math.max(cellReachLatMax[cell], input.orgReachLatMax[j]);
      cellReachLngMin[cell] = Math.min(cellReachLngMin[cell], input.orgReachLngMin[j]);
      cellReachLngMax[cell] = Math.max(cellReachLngMax[cell], input.orgReachLngMax[j]);
      maxRadiusKm = Math.max(maxRadiusKm, input.orgRadiusKm[j]);
    }
    return {
      cellStart,
      cellOrgs,
      cellReachLatMin,
      cellReachLatMax,
      cellReachLngMin,
      cellReachLngMax,
      maxRadiusKm,
      memberGradeRank,
      memberLatMin,
      memberLatMax,
      memberLngMin,
      memberLngMax,
    };
  }
}

/** Sorts distinct small integers ascending: set their bits, then read the words in order (leaves `bits` cleared). */
function sortWithBitset(values: Int32Array, count: number, bits: Int32Array): void {
  for (let k = 0; k < count; k++) bits[values[k] >> 5] |= 1 << (values[k] & 31);
  let k = 0;
  for (let word = 0; k < count; word++) {
    let w = bits[word];
    if (w === 0) continue;
    bits[word] = 0;
    while (w !== 0) {
      const lowest = w & -w;
      values[k++] = (word << 5) + 31 - Math.clz32(lowest);
      w ^= lowest;
    }
  }
}

interface DomainGrid {
  cellStart: Int32Array;
  cellOrgs: Int32Array;
  cellReachLatMin: Float64Array;
  cellReachLatMax: Float64Array;
  cellReachLngMin: Float64Array;
  cellReachLngMax: Float64Array;
  maxRadiusKm: number;
  memberGradeRank: Int32Array;
  memberLatMin: Float64Array;
  memberLatMax: Float64Array;
  memberLngMin: Float64Array;
  memberLngMax: Float64Array;
}
