// Owns the demo organisation's fixed data: a 100-rep team in 5 regions, products and customers (deterministic, so a re-seed matches).

export const demoRegions = ['east', 'north', 'south', 'west', 'central'] as const;
export const demoDomain = 'demo.closeloop.cn';
export const repsPerRegion = 20;

const surnames: [string, string][] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['赵', 'zhao'],
  ['黄', 'huang'],
  ['周', 'zhou'],
  ['吴', 'wu'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['胡', 'hu'],
  ['朱', 'zhu'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['何', 'he'],
  ['郭', 'guo'],
  ['马', 'ma'],
  ['罗', 'luo'],
  ['梁', 'liang'],
  ['宋', 'song'],
  ['郑', 'zheng'],
  ['谢', 'xie'],
  ['韩', 'han'],
  ['唐', 'tang'],
  ['冯', 'feng'],
  ['于', 'yu'],
  ['董', 'dong'],
  ['萧', 'xiao'],
];

const givenNames: [string, string][] = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['艳', 'yan'],
  ['杰', 'jie'],
  ['娟', 'juan'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['秀英', 'xiuying'],
  ['霞', 'xia'],
  ['平', 'ping'],
  ['刚', 'gang'],
  ['桂英', 'guiying'],
  ['浩', 'hao'],
  ['婷', 'ting'],
  ['宇', 'yu'],
  ['鑫', 'xin'],
  ['欣欣', 'xinxin'],
  ['子涵', 'zihan'],
  ['思远', 'siyuan'],
  ['雨桐', 'yutong'],
  ['佳怡', 'jiayi'],
  ['建国', 'jianguo'],
  ['晓东', 'xiaodong'],
  ['海燕', 'haiyan'],
  ['志强', 'zhiqiang'],
  ['文博', 'wenbo'],
  ['梓萱', 'zixuan'],
  ['一鸣', 'yiming'],
];

const industries = ['manufacturing', 'retail', 'healthcare', 'education', 'logistics', 'energy', 'software'];
const skills = ['erp', 'crm', 'iot', 'cloud', 'security', 'analytics', 'implementation'];

export interface DemoPerson {
  name: string;
  email: string;
  roles: string;
  region: string;
  managerEmail: string;
  industries: string;
  skills: string;
  capacity: string;
  weight: string;
  locale: string;
}

// The n-th distinct name; stepping both lists by coprime strides spreads surnames and given names evenly.
function person(n: number): { name: string; email: string } {
  const [surname, surnamePinyin] = surnames[n % surnames.length] ?? ['王', 'wang'];
  const [given, givenPinyin] = givenNames[(n * 7 + Math.floor(n / surnames.length)) % givenNames.length] ?? [
    '伟',
    'wei',
  ];
  return { name: `${surname}${given}`, email: `${givenPinyin}.${surnamePinyin}@${demoDomain}` };
}

export function demoPeople(): DemoPerson[] {
  const people: DemoPerson[] = [];
  const used = new Set<string>();
  let n = 0;
  const next = () => {
    for (;;) {
      const p = person(n++);
      if (!used.has(p.email)) {
        used.add(p.email);
        return p;
      }
    }
  };
  const staff = (roles: string, region: string, managerEmail: string, locale = 'zh-CN'): DemoPerson => ({
    ...next(),
    roles,
    region,
    managerEmail,
    industries: '',
    skills: '',
    capacity: '',
    weight: '1',
    locale,
  });
  const director = staff('director', '', '');
  people.push(director);
  people.push(staff('admin', '', director.email, 'en'));
  people.push(staff('finance', '', director.email), staff('finance', '', director.email));
  people.push(staff('legal', '', director.email));
  demoRegions.forEach((region, r) => {
    const manager = staff('manager', region, director.email);
    people.push(manager);
    for (let i = 0; i < repsPerRegion; i++) {
      const k = r * repsPerRegion + i;
      people.push({
        ...next(),
        roles: 'rep',
        region,
        managerEmail: manager.email,
        industries: [industries[k % industries.length], industries[(k * 3 + 1) % industries.length]]
          .filter((v, j, all) => all.indexOf(v) === j)
          .join(';'),
        skills: [skills[k % skills.length], skills[(k + 2) % skills.length]].join(';'),
        capacity: String(15 + ((k * 7) % 26)),
        weight: String(1 + (k % 3)),
        locale: 'zh-CN',
      });
    }
  });
  return people;
}

export function demoRosterCsv(): string {
  const header = 'name,email,roles,region,manager_email,timezone,industries,skills,capacity,weight,locale';
  const rows = demoPeople().map((p) =>
    [
      p.name,
      p.email,
      p.roles,
      p.region,
      p.managerEmail,
      'Asia/Shanghai',
      p.industries,
      p.skills,
      p.capacity,
      p.weight,
      p.locale,
    ].join(','),
  );
  return [header, ...rows].join('\n');
}

// Prices in yuan; stored as fen.
export const demoProducts: { sku: string; name: string; price: number }[] = [
  { sku: 'CL-ERP-STD', name: '企业资源计划 标准版（年）', price: 128_000 },
  { sku: 'CL-ERP-PRO', name: '企业资源计划 专业版（年）', price: 268_000 },
  { sku: 'CL-CRM-SEAT', name: 'CRM 坐席（年）', price: 3_600 },
  { sku: 'CL-IOT-GW', name: '工业物联网网关', price: 8_800 },
  { sku: 'CL-IOT-SENSOR', name: '振动传感器套装', price: 1_280 },
  { sku: 'CL-WMS', name: '仓储管理系统', price: 96_000 },
  { sku: 'CL-BI', name: '经营分析看板', price: 45_000 },
  { sku: 'CL-SEC-100', name: '终端安全（100 终端/年）', price: 32_000 },
  { sku: 'CL-IMPL-DAY', name: '实施服务（人天）', price: 2_500 },
  { sku: 'CL-TRAIN', name: '现场培训（每场）', price: 6_000 },
];

export const demoCustomers: { name: string; region: string; industry: string; creditLimit: number }[] = [
  { name: '苏州恒达精密机械有限公司', region: 'east', industry: 'manufacturing', creditLimit: 2_000_000 },
  { name: '杭州云帆电子商务有限公司', region: 'east', industry: 'retail', creditLimit: 800_000 },
  { name: '上海瑞康医疗器械有限公司', region: 'east', industry: 'healthcare', creditLimit: 1_500_000 },
  { name: '宁波港联物流有限公司', region: 'east', industry: 'logistics', creditLimit: 1_000_000 },
  { name: '南京启明教育科技有限公司', region: 'east', industry: 'education', creditLimit: 500_000 },
  { name: '无锡新源能源设备有限公司', region: 'east', industry: 'energy', creditLimit: 1_200_000 },
  { name: '北京智联软件股份有限公司', region: 'north', industry: 'software', creditLimit: 1_800_000 },
  { name: '天津海河重工集团有限公司', region: 'north', industry: 'manufacturing', creditLimit: 3_000_000 },
  { name: '石家庄华北医药有限公司', region: 'north', industry: 'healthcare', creditLimit: 900_000 },
  { name: '大连北方物流有限公司', region: 'north', industry: 'logistics', creditLimit: 700_000 },
  { name: '青岛海润零售连锁有限公司', region: 'north', industry: 'retail', creditLimit: 600_000 },
  { name: '太原晋能电力科技有限公司', region: 'north', industry: 'energy', creditLimit: 1_500_000 },
  { name: '广州粤海贸易有限公司', region: 'south', industry: 'retail', creditLimit: 1_000_000 },
  { name: '深圳前海智造科技有限公司', region: 'south', industry: 'manufacturing', creditLimit: 2_500_000 },
  { name: '东莞长盛模具有限公司', region: 'south', industry: 'manufacturing', creditLimit: 800_000 },
  { name: '厦门鹭岛医疗科技有限公司', region: 'south', industry: 'healthcare', creditLimit: 600_000 },
  { name: '福州闽江教育服务有限公司', region: 'south', industry: 'education', creditLimit: 400_000 },
  { name: '海口南洋供应链有限公司', region: 'south', industry: 'logistics', creditLimit: 500_000 },
  { name: '成都天府软件园科技有限公司', region: 'west', industry: 'software', creditLimit: 1_200_000 },
  { name: '重庆山城机电有限公司', region: 'west', industry: 'manufacturing', creditLimit: 1_600_000 },
  { name: '西安古城能源集团有限公司', region: 'west', industry: 'energy', creditLimit: 2_000_000 },
  { name: '昆明彩云医药连锁有限公司', region: 'west', industry: 'healthcare', creditLimit: 700_000 },
  { name: '兰州丝路物流有限公司', region: 'west', industry: 'logistics', creditLimit: 500_000 },
  { name: '贵阳数谷大数据有限公司', region: 'west', industry: 'software', creditLimit: 900_000 },
  { name: '武汉光谷光电科技有限公司', region: 'central', industry: 'manufacturing', creditLimit: 2_200_000 },
  { name: '长沙湘江零售有限公司', region: 'central', industry: 'retail', creditLimit: 600_000 },
  { name: '郑州中原物流港有限公司', region: 'central', industry: 'logistics', creditLimit: 1_000_000 },
  { name: '合肥科大智能教育有限公司', region: 'central', industry: 'education', creditLimit: 500_000 },
  { name: '南昌赣江医疗器械有限公司', region: 'central', industry: 'healthcare', creditLimit: 800_000 },
  { name: '洛阳一拖农机配件有限公司', region: 'central', industry: 'manufacturing', creditLimit: 1_400_000 },
];

// What the demo knows of its first customers beyond the name: billing details, the plan their orders start with and the
// people the reps talk to (the first is the primary contact).
export const demoCustomerMasters: Record<
  string,
  {
    taxId: string;
    billingAddress: string;
    defaultPaymentPlan: string;
    contacts: { name: string; role: string; phone: string; email: string }[];
  }
> = {
  苏州恒达精密机械有限公司: {
    taxId: '91320500MA1MHD0001',
    billingAddress: '江苏省苏州市工业园区星湖街 218 号',
    defaultPaymentPlan: '30-60-10',
    contacts: [
      { name: '周建国', role: '采购经理', phone: '+86 139 1234 0001', email: 'zhou@hengda.example.cn' },
      { name: '陈晓梅', role: '财务', phone: '+86 139 1234 0002', email: 'chen@hengda.example.cn' },
    ],
  },
  北京智联软件股份有限公司: {
    taxId: '91110108MA1ZL00002',
    billingAddress: '北京市海淀区中关村大街 27 号',
    defaultPaymentPlan: 'net-30',
    contacts: [{ name: '刘伟', role: 'CIO', phone: '+86 138 0010 0003', email: 'liu@zhilian.example.cn' }],
  },
  深圳前海智造科技有限公司: {
    taxId: '91440300MA5QH00003',
    billingAddress: '广东省深圳市南山区前海深港合作区前湾一路 1 号',
    defaultPaymentPlan: '30-60-10',
    contacts: [
      { name: '黄志强', role: '总经理', phone: '+86 135 0755 0004', email: 'huang@qianhai.example.cn' },
      { name: '吴丽', role: '采购', phone: '+86 135 0755 0005', email: 'wu@qianhai.example.cn' },
    ],
  },
};
