/**
 * Nanjing's eleven districts with approximate centre coordinates (WGS-84) and a
 * spread radius: the ground truth for demo data and benchmark instances.
 */
export interface DistrictInfo {
  name: string; // 区 name as communities write it
  pinyin: string;
  lat: number;
  lng: number;
  spreadKm: number; // how far communities of the district lie from its centre
  streets: readonly string[];
}

export const NANJING_DISTRICTS: readonly DistrictInfo[] = [
  {
    name: '玄武区',
    pinyin: 'Xuanwu',
    lat: 32.0486,
    lng: 118.7978,
    spreadKm: 4,
    streets: ['梅园新村街道', '新街口街道', '玄武门街道', '锁金村街道', '红山街道', '孝陵卫街道', '玄武湖街道'],
  },
  {
    name: '秦淮区',
    pinyin: 'Qinhuai',
    lat: 32.0339,
    lng: 118.7945,
    spreadKm: 4,
    streets: ['秋湖街道', '夫子庙街道', '双塘街道', '中华门街道', '红花街道', '光华路街道', '月牙湖街道'],
  },
  {
    name: '建邺区',
    pinyin: 'Jianye',
    lat: 32.004,
    lng: 118.7317,
    spreadKm: 5,
    streets: ['南苑街道', '兴隆街道', '莫愁湖街道', '沙洲街道', '双闸街道', '江心洲街道'],
  },
  {
    name: '鼓楼区',
    pinyin: 'Gulou',
    lat: 32.0663,
    lng: 118.7699,
    spreadKm: 4,
    streets: ['宁海路街道', '华侨路街道', '湖南路街道', '中央门街道', '挹江门街道', '江东街道', '凤凰街道'],
  },
  {
    name: '浦口区',
    pinyin: 'Pukou',
    lat: 32.0589,
    lng: 118.6279,
    spreadKm: 14,
    streets: ['江浦街道', '桥林街道', '汤泉街道', '盘城街道', '星甸街道', '永宁街道'],
  },
  {
    name: '栖霞区',
    pinyin: 'Qixia',
    lat: 32.0963,
    lng: 118.9093,
    spreadKm: 12,
    streets: ['尧化街道', '马群街道', '迈皋桥街道', '燕子矶街道', '仙林街道', '栖霞街道'],
  },
  {
    name: '雨花台区',
    pinyin: 'Yuhuatai',
    lat: 31.992,
    lng: 118.7795,
    spreadKm: 7,
    streets: ['雨花街道', '赛虹桥街道', '西善桥街道', '板桥街道', '铁心桥街道', '梅山街道'],
  },
  {
    name: '江宁区',
    pinyin: 'Jiangning',
    lat: 31.953,
    lng: 118.8399,
    spreadKm: 18,
    streets: ['东山街道', '秣陵街道', '汤山街道', '淳化街道', '禄口街道', '江宁街道', '谷里街道'],
  },
  {
    name: '六合区',
    pinyin: 'Luhe',
    lat: 32.3226,
    lng: 118.8413,
    spreadKm: 18,
    streets: ['雄州街道', '龙池街道', '程桥街道', '竹镇镇', '冶山街道', '横梁街道'],
  },
  {
    name: '溧水区',
    pinyin: 'Lishui',
    lat: 31.6511,
    lng: 119.0283,
    spreadKm: 16,
    streets: ['永阳街道', '柘塘街道', '东屏街道', '石湫街道', '洪蓝街道', '白马镇'],
  },
  {
    name: '高淳区',
    pinyin: 'Gaochun',
    lat: 31.3275,
    lng: 118.8921,
    spreadKm: 16,
    streets: ['淳溪街道', '古柏街道', '漆桥街道', '固城街道', '东坝街道', '桠溪街道'],
  },
];

/**
 * Jiangsu's thirteen prefecture-level cities (approximate centres): the area a
 * province-wide, year-round marketplace covers. Benchmarks spread province-scale
 * instances over them rather than piling 50,000 needs onto one city.
 */
export const JIANGSU_CITIES: readonly { name: string; lat: number; lng: number; spreadKm: number }[] = [
  { name: '南京市', lat: 32.0603, lng: 118.7969, spreadKm: 30 },
  { name: '无锡市', lat: 31.4912, lng: 120.3119, spreadKm: 25 },
  { name: '徐州市', lat: 34.261, lng: 117.1848, spreadKm: 35 },
  { name: '常州市', lat: 31.8107, lng: 119.9741, spreadKm: 25 },
  { name: '苏州市', lat: 31.299, lng: 120.5853, spreadKm: 30 },
  { name: '南通市', lat: 31.9802, lng: 120.8943, spreadKm: 30 },
  { name: '连云港市', lat: 34.5967, lng: 119.2216, spreadKm: 30 },
  { name: '淮安市', lat: 33.6104, lng: 119.0153, spreadKm: 30 },
  { name: '盐城市', lat: 33.3477, lng: 120.1633, spreadKm: 35 },
  { name: '扬州市', lat: 32.3936, lng: 119.4129, spreadKm: 25 },
  { name: '镇江市', lat: 32.1877, lng: 119.425, spreadKm: 20 },
  { name: '泰州市', lat: 32.4555, lng: 119.9231, spreadKm: 25 },
  { name: '宿迁市', lat: 33.9631, lng: 118.2752, spreadKm: 30 },
];
