// Owns reading where a lead is: provinces and cities written in Chinese, short Chinese or pinyin fold to one key.

export interface Place {
  key: string;
  zh: string;
  en: string;
}

// Every provincial-level division of mainland China, Hong Kong, Macao and Taiwan: key (pinyin), full name, English.
const provinceTable: [string, string, string, ...string[]][] = [
  ['beijing', '北京市', 'Beijing', 'peking'],
  ['tianjin', '天津市', 'Tianjin'],
  ['shanghai', '上海市', 'Shanghai'],
  ['chongqing', '重庆市', 'Chongqing'],
  ['hebei', '河北省', 'Hebei'],
  ['shanxi', '山西省', 'Shanxi'],
  ['liaoning', '辽宁省', 'Liaoning'],
  ['jilin', '吉林省', 'Jilin'],
  ['heilongjiang', '黑龙江省', 'Heilongjiang'],
  ['jiangsu', '江苏省', 'Jiangsu'],
  ['zhejiang', '浙江省', 'Zhejiang'],
  ['anhui', '安徽省', 'Anhui'],
  ['fujian', '福建省', 'Fujian'],
  ['jiangxi', '江西省', 'Jiangxi'],
  ['shandong', '山东省', 'Shandong'],
  ['henan', '河南省', 'Henan'],
  ['hubei', '湖北省', 'Hubei'],
  ['hunan', '湖南省', 'Hunan'],
  ['guangdong', '广东省', 'Guangdong', 'canton'],
  ['hainan', '海南省', 'Hainan'],
  ['sichuan', '四川省', 'Sichuan'],
  ['guizhou', '贵州省', 'Guizhou'],
  ['yunnan', '云南省', 'Yunnan'],
  // Shaanxi is spelled with a double a in official use so it does not collide with Shanxi.
  ['shaanxi', '陕西省', 'Shaanxi'],
  ['gansu', '甘肃省', 'Gansu'],
  ['qinghai', '青海省', 'Qinghai'],
  ['taiwan', '台湾省', 'Taiwan', '臺灣'],
  ['neimenggu', '内蒙古自治区', 'Inner Mongolia', '内蒙', 'nei mongol'],
  ['guangxi', '广西壮族自治区', 'Guangxi'],
  ['xizang', '西藏自治区', 'Tibet', 'xizang'],
  ['ningxia', '宁夏回族自治区', 'Ningxia'],
  ['xinjiang', '新疆维吾尔自治区', 'Xinjiang'],
  ['hongkong', '香港特别行政区', 'Hong Kong', 'hk', 'hksar'],
  ['macao', '澳门特别行政区', 'Macao', 'macau'],
];

// The larger cities a sales team meets most; any other city still folds (suffix off, width and case folded).
const cityTable: [string, string, string, string, ...string[]][] = [
  ['beijing', '北京市', 'Beijing', 'beijing'],
  ['shanghai', '上海市', 'Shanghai', 'shanghai'],
  ['tianjin', '天津市', 'Tianjin', 'tianjin'],
  ['chongqing', '重庆市', 'Chongqing', 'chongqing'],
  ['guangzhou', '广州市', 'Guangzhou', 'guangdong', 'canton'],
  ['shenzhen', '深圳市', 'Shenzhen', 'guangdong'],
  ['dongguan', '东莞市', 'Dongguan', 'guangdong'],
  ['foshan', '佛山市', 'Foshan', 'guangdong'],
  ['zhuhai', '珠海市', 'Zhuhai', 'guangdong'],
  ['huizhou', '惠州市', 'Huizhou', 'guangdong'],
  ['zhongshan', '中山市', 'Zhongshan', 'guangdong'],
  ['hangzhou', '杭州市', 'Hangzhou', 'zhejiang'],
  ['ningbo', '宁波市', 'Ningbo', 'zhejiang'],
  ['wenzhou', '温州市', 'Wenzhou', 'zhejiang'],
  ['jiaxing', '嘉兴市', 'Jiaxing', 'zhejiang'],
  ['nanjing', '南京市', 'Nanjing', 'jiangsu'],
  ['suzhou', '苏州市', 'Suzhou', 'jiangsu'],
  ['wuxi', '无锡市', 'Wuxi', 'jiangsu'],
  ['changzhou', '常州市', 'Changzhou', 'jiangsu'],
  ['nantong', '南通市', 'Nantong', 'jiangsu'],
  ['hefei', '合肥市', 'Hefei', 'anhui'],
  ['fuzhou', '福州市', 'Fuzhou', 'fujian'],
  ['xiamen', '厦门市', 'Xiamen', 'fujian', 'amoy'],
  ['quanzhou', '泉州市', 'Quanzhou', 'fujian'],
  ['jinan', '济南市', 'Jinan', 'shandong'],
  ['qingdao', '青岛市', 'Qingdao', 'shandong', 'tsingtao'],
  ['yantai', '烟台市', 'Yantai', 'shandong'],
  ['zhengzhou', '郑州市', 'Zhengzhou', 'henan'],
  ['wuhan', '武汉市', 'Wuhan', 'hubei'],
  ['changsha', '长沙市', 'Changsha', 'hunan'],
  ['nanchang', '南昌市', 'Nanchang', 'jiangxi'],
  ['shijiazhuang', '石家庄市', 'Shijiazhuang', 'hebei'],
  ['taiyuan', '太原市', 'Taiyuan', 'shanxi'],
  ['shenyang', '沈阳市', 'Shenyang', 'liaoning'],
  ['dalian', '大连市', 'Dalian', 'liaoning'],
  ['changchun', '长春市', 'Changchun', 'jilin'],
  ['harbin', '哈尔滨市', 'Harbin', 'heilongjiang'],
  ['chengdu', '成都市', 'Chengdu', 'sichuan'],
  ['guiyang', '贵阳市', 'Guiyang', 'guizhou'],
  ['kunming', '昆明市', 'Kunming', 'yunnan'],
  ['xian', '西安市', "Xi'an", 'shaanxi'],
  ['lanzhou', '兰州市', 'Lanzhou', 'gansu'],
  ['nanning', '南宁市', 'Nanning', 'guangxi'],
  ['haikou', '海口市', 'Haikou', 'hainan'],
  ['sanya', '三亚市', 'Sanya', 'hainan'],
  ['huhehaote', '呼和浩特市', 'Hohhot', 'neimenggu', 'hohhot'],
  ['urumqi', '乌鲁木齐市', 'Urumqi', 'xinjiang', 'wulumuqi'],
  ['lasa', '拉萨市', 'Lhasa', 'xizang', 'lhasa'],
  ['yinchuan', '银川市', 'Yinchuan', 'ningxia'],
  ['xining', '西宁市', 'Xining', 'qinghai'],
  ['taipei', '台北市', 'Taipei', 'taiwan', '臺北'],
];

// Administrative suffixes, longest first so 壮族自治区 goes before 自治区.
const zhSuffixes = [
  '维吾尔自治区',
  '壮族自治区',
  '回族自治区',
  '特别行政区',
  '自治区',
  '自治州',
  '省',
  '市',
  '地区',
  '区',
  '县',
];
const enSuffixes = [
  ' special administrative region',
  ' sar',
  ' province',
  ' municipality',
  ' city',
  ' shi',
  ' sheng',
];

// NFKC folds full-width letters and digits; case, spaces, dashes and apostrophes say nothing about the place.
export function foldPlace(text: string): string {
  let t = text.normalize('NFKC').trim().toLowerCase();
  for (const s of enSuffixes) if (t.endsWith(s) && t.length > s.length) t = t.slice(0, -s.length);
  for (const s of zhSuffixes) {
    if (t.endsWith(s) && [...t].length > [...s].length + 1) {
      t = t.slice(0, -s.length);
      break;
    }
  }
  return t.replace(/[\s'’\-_.·]/g, '');
}

function indexOf(rows: readonly (readonly string[])[], extraFrom: number): Map<string, Place> {
  const index = new Map<string, Place>();
  for (const row of rows) {
    const [key, zh, en] = row as [string, string, string];
    const place = { key, zh: zh.replace(/(维吾尔|壮族|回族)?(特别行政区|自治区|省|市)$/, ''), en };
    for (const name of [key, zh, en, ...row.slice(extraFrom)]) index.set(foldPlace(name), place);
    index.set(foldPlace(place.zh), place);
  }
  return index;
}

const provinces = indexOf(provinceTable, 3);
const cities = indexOf(
  cityTable.map(([key, zh, en, , ...more]) => [key, zh, en, ...more]),
  3,
);
const cityProvince = new Map(cityTable.map(([key, , , province]) => [key, province]));

export type PlaceKind = 'province' | 'city';

// The known place a name means, if it is in the built-in table.
export function knownPlace(kind: PlaceKind, text: string): Place | null {
  return (kind === 'province' ? provinces : cities).get(foldPlace(text)) ?? null;
}

// The key a condition and a lead are compared by: the table's key, else the folded name.
export function placeKey(kind: PlaceKind, text: string | null | undefined): string | null {
  if (!text?.trim()) return null;
  return knownPlace(kind, text)?.key ?? foldPlace(text);
}

// The province a known city lies in (Shenzhen → guangdong), so a lead with only a city still matches a province rule.
export function provinceOfCity(cityKey: string | null): string | null {
  return cityKey === null ? null : (cityProvince.get(cityKey) ?? null);
}

// How a place is written back to a person: its name in their language when the table knows it.
export function placeName(kind: PlaceKind, key: string, locale: 'zh-CN' | 'en'): string {
  const place = knownPlace(kind, key);
  if (!place) return key;
  return locale === 'zh-CN' ? place.zh : place.en;
}
