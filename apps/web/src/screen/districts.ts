/**
 * Nanjing's eleven districts at their approximate centres (WGS-84), the same centres the
 * demo data uses: the district list in the map's order, and points where a chart places
 * districts without their boundaries (the boundaries are in nanjing/districts.geo.json).
 */
export const DISTRICT_POINTS: Record<string, [number, number]> = {
  玄武区: [118.7978, 32.0486],
  秦淮区: [118.7945, 32.0339],
  建邺区: [118.7317, 32.004],
  鼓楼区: [118.7699, 32.0663],
  浦口区: [118.6279, 32.0589],
  栖霞区: [118.9093, 32.0963],
  雨花台区: [118.7795, 31.992],
  江宁区: [118.8399, 31.953],
  六合区: [118.8413, 32.3226],
  溧水区: [119.0283, 31.6511],
  高淳区: [118.8921, 31.3275],
};
