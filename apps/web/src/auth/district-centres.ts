/** Approximate centres of Nanjing's districts (WGS-84), to prefill a location. */
export const DISTRICT_CENTRES: Record<string, { lat: number; lng: number }> = {
  玄武区: { lat: 32.0486, lng: 118.7978 },
  秦淮区: { lat: 32.0339, lng: 118.7945 },
  建邺区: { lat: 32.004, lng: 118.7317 },
  鼓楼区: { lat: 32.0663, lng: 118.7699 },
  浦口区: { lat: 32.0589, lng: 118.6279 },
  栖霞区: { lat: 32.0964, lng: 118.9095 },
  雨花台区: { lat: 31.9919, lng: 118.7794 },
  江宁区: { lat: 31.9527, lng: 118.8399 },
  六合区: { lat: 32.3227, lng: 118.8413 },
  溧水区: { lat: 31.6511, lng: 119.0283 },
  高淳区: { lat: 31.3271, lng: 118.8921 },
};
