import { AssistanceForm, EmergencyType, HouseholdCategory, Registration } from '../../src/core/vocabulary';
import { ResourceKind } from '../../src/modules/resources/resource.enums';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity';
import type { OrganizationSeed } from './organizations';

/**
 * Seed data for the resource catalogue: government programmes, charity projects, donations and
 * volunteer offers posted by the city bodies of the 救急难 coordination mechanism and by a few
 * district and street organisations. Data only; the seeder creates and publishes them.
 *
 * Every organisation below is fictitious or generic; phone numbers other than the 962200 hotline
 * are made up.
 */

// ---------------------------------------------------------------------------------------------
// Local organisations
// ---------------------------------------------------------------------------------------------

const { GOVERNMENT_DEPARTMENT, RED_CROSS, FOUNDATION, SOCIAL_ORGANIZATION, ENTERPRISE } = OrganizationKind;

/** District and street charities and social organisations that post resources (beyond the city bodies). */
export const LOCAL_ORGANIZATIONS: OrganizationSeed[] = [
  { name: '黄浦区民政局', kind: GOVERNMENT_DEPARTMENT, areaCode: '310101' },
  { name: '黄浦区慈善超市服务中心', kind: SOCIAL_ORGANIZATION, areaCode: '310101' },
  { name: '黄浦区志愿者协会', kind: SOCIAL_ORGANIZATION, areaCode: '310101' },
  { name: '徐汇区阳光社工师事务所', kind: SOCIAL_ORGANIZATION, areaCode: '310104' },
  { name: '枫林路街道睦邻互助服务社', kind: SOCIAL_ORGANIZATION, areaCode: '310104008' },
  { name: '浦东新区民政局', kind: GOVERNMENT_DEPARTMENT, areaCode: '310115' },
  { name: '浦东新区红十字会', kind: RED_CROSS, areaCode: '310115' },
  { name: '浦东新区慈善基金会', kind: FOUNDATION, areaCode: '310115' },
  { name: '陆家嘴街道社区基金会', kind: FOUNDATION, areaCode: '310115005' },
  { name: '上海某某物流有限公司', kind: ENTERPRISE, areaCode: '310115' },
];

// ---------------------------------------------------------------------------------------------
// Resource seeds
// ---------------------------------------------------------------------------------------------

export interface ResourceSeed {
  /** Stable slug, unique across the seeds. */
  key: string;
  kind: ResourceKind;
  /** An organisation name from CITY_ORGANIZATIONS or LOCAL_ORGANIZATIONS. */
  provider: string;
  title: string;
  /** 1–3 Chinese sentences. */
  description: string;
  forms: AssistanceForm[];
  /** Non-empty. */
  emergencyTypes: EmergencyType[];
  /** Non-empty; codes from areas.ts. */
  serviceAreaCodes: string[];
  /** JSON rule tree (see RuleNode), or null for "open to anyone in the service area". */
  eligibilityRules: unknown | null;
  /** When omitted the hub generates one from the rule labels. */
  eligibilityDescription?: string;
  /** Money in fen with unit 'fen'; otherwise '份', '张床位', '人次', '小时'. */
  capacity?: { unit: string; total: number; remaining?: number };
  /** Days relative to the seeding day (negative = in the past). */
  availableFromDays?: number;
  /** Days relative to the seeding day; omitted = open-ended. */
  availableUntilDays?: number;
  /** The seeded policy, for statutory programmes. */
  legalBasis?: 'jiujinan-2017';
  contact?: string;
  /** Programmes. */
  fundSource?: string;
  /** Programmes: the most one case can receive. */
  benefitCapFen?: number;
  /** Charity projects. */
  budgetFen?: number;
  /** Donations in kind; expiresOn 'YYYY-MM-DD' for perishables, null otherwise. */
  items?: { name: string; quantity: number; unit: string; expiresOn: string | null }[];
  /** Cash donations. */
  cashFen?: number;
  /** Volunteer offers. */
  skills?: string[];
  /** Volunteer offers. */
  hoursPerWeek?: number;
}

// ---------------------------------------------------------------------------------------------
// Rule-building helpers (the JSON grammar of DESIGN.md "Eligibility rules")
// ---------------------------------------------------------------------------------------------

type Fact =
  | 'household.category'
  | 'household.registration'
  | 'household.monthlyIncomePerCapita'
  | 'household.size'
  | 'member.age'
  | 'member.disability'
  | 'member.chronicIllness'
  | 'case.emergencyType'
  | 'need.form';

type Op = 'eq' | 'ne' | 'in' | 'lt' | 'lte' | 'gt' | 'gte' | 'exists';

interface RuleLeaf {
  fact: Fact;
  op: Op;
  value?: string | number | boolean | string[];
  label: string;
}

type RuleNode = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } | RuleLeaf;

const all = (...children: RuleNode[]): RuleNode => ({ all: children });
const any = (...children: RuleNode[]): RuleNode => ({ any: children });
const not = (child: RuleNode): RuleNode => ({ not: child });

const yuan = (amount: number): number => amount * 100;

/**
 * The income line used by the seeded rules: 3,020 yuan per person per month, i.e. twice the
 * city's minimum-living standard of 1,510 yuan (the low-income household line). In production
 * this is a dated parameter, not a constant.
 */
const LOW_INCOME_LINE_FEN = yuan(3020);

const category = (values: HouseholdCategory[], label: string): RuleNode => ({
  fact: 'household.category',
  op: 'in',
  value: values,
  label,
});

const assistedCategory = (): RuleNode =>
  category(
    [
      HouseholdCategory.MINIMUM_LIVING,
      HouseholdCategory.LOW_INCOME,
      HouseholdCategory.EXTREME_POVERTY,
      HouseholdCategory.EXPENDITURE_POVERTY,
    ],
    '低保、低收入、特困或支出型贫困家庭',
  );

const incomeBelow = (fen: number, label: string): RuleNode => ({
  fact: 'household.monthlyIncomePerCapita',
  op: 'lt',
  value: fen,
  label,
});

const belowLowIncomeLine = (): RuleNode =>
  incomeBelow(LOW_INCOME_LINE_FEN, '家庭月人均收入低于3020元(本市低收入家庭认定标准)');

/** Assisted category, or income under the low-income line. */
const inHardship = (): RuleNode => any(assistedCategory(), belowLowIncomeLine());

const registration = (values: Registration[], label: string): RuleNode => ({
  fact: 'household.registration',
  op: 'in',
  value: values,
  label,
});

const hukouOrPermit = (): RuleNode =>
  registration([Registration.SHANGHAI_HUKOU, Registration.RESIDENCE_PERMIT], '本市户籍或持本市居住证');

const hukou = (): RuleNode => ({
  fact: 'household.registration',
  op: 'eq',
  value: Registration.SHANGHAI_HUKOU,
  label: '本市户籍',
});

const residencePermit = (): RuleNode => ({
  fact: 'household.registration',
  op: 'eq',
  value: Registration.RESIDENCE_PERMIT,
  label: '持本市居住证的来沪人员',
});

const memberAge = (op: 'lt' | 'lte' | 'gt' | 'gte', years: number, label: string): RuleNode => ({
  fact: 'member.age',
  op,
  value: years,
  label,
});

const elderly = (): RuleNode => memberAge('gte', 60, '家中有60周岁以上老人');
const child = (): RuleNode => memberAge('lt', 18, '家中有未满18周岁的未成年人');

const disabled = (): RuleNode => ({
  fact: 'member.disability',
  op: 'eq',
  value: true,
  label: '家中有残疾人',
});

const chronicallyIll = (): RuleNode => ({
  fact: 'member.chronicIllness',
  op: 'eq',
  value: true,
  label: '家中有慢性病患者',
});

const householdSize = (op: 'lt' | 'lte' | 'gt' | 'gte', n: number, label: string): RuleNode => ({
  fact: 'household.size',
  op,
  value: n,
  label,
});

// ---------------------------------------------------------------------------------------------
// Shorthands
// ---------------------------------------------------------------------------------------------

const { GOVERNMENT_PROGRAMME, CHARITY_PROJECT, DONATION, VOLUNTEER_OFFER } = ResourceKind;
const { CASH, MEDICAL_CARE, IN_KIND, TEMPORARY_SHELTER, PROFESSIONAL_SERVICE } = AssistanceForm;
const { FIRE, TRAFFIC_ACCIDENT, SUDDEN_ILLNESS, ACCIDENT, NATURAL_DISASTER, OTHER_HARDSHIP } = EmergencyType;
const ALL_EMERGENCIES: EmergencyType[] = [
  FIRE,
  TRAFFIC_ACCIDENT,
  SUDDEN_ILLNESS,
  ACCIDENT,
  NATURAL_DISASTER,
  OTHER_HARDSHIP,
];

const CITY = '310000';
const HUANGPU = '310101';
const XUHUI = '310104';
const PUDONG = '310115';

// Streets (all listed in areas.ts).
const HP_NANJING_EAST = '310101002';
const HP_YUYUAN = '310101018';
const HP_LAOXIMEN = '310101019';
const HP_WULIQIAO = '310101020';
const HP_DAPUQIAO = '310101021';
const HP_HUAIHAI = '310101022';
const XH_FENGLIN = '310104008';
const XH_XIETU = '310104007';
const XH_KANGJIAN = '310104013';
const PD_LUJIAZUI = '310115005';
const PD_TANGQIAO = '310115008';
const PD_YANGJING = '310115013';
const PD_HUAMU = '310115016';
const PD_ZHANGJIANG = '310115125';
const PD_SANLIN = '310115130';
const PD_HUINAN = '310115131';
const PD_ZHOUPU = '310115132';

// ---------------------------------------------------------------------------------------------
// The catalogue
// ---------------------------------------------------------------------------------------------

const GOVERNMENT_PROGRAMMES: ResourceSeed[] = [
  {
    key: 'city-temporary-assistance',
    kind: GOVERNMENT_PROGRAMME,
    provider: '上海市民政局',
    title: '“救急难”临时救助',
    description:
      '对遭遇火灾、交通事故、突发疾病、意外事故、自然灾害等急难事件,导致基本生活陷入困境的家庭和个人,由街镇受理核实后发放临时救助金。事件特别急迫的可先行救助、事后补办手续,救助金一般通过社会化方式发放。',
    forms: [CASH],
    emergencyTypes: ALL_EMERGENCIES,
    serviceAreaCodes: [CITY],
    eligibilityRules: all(hukouOrPermit(), inHardship()),
    capacity: { unit: 'fen', total: yuan(18_000_000), remaining: yuan(14_263_000) },
    availableFromDays: -330,
    legalBasis: 'jiujinan-2017',
    contact: '962200',
    fundSource: '临时救助资金',
    benefitCapFen: yuan(20_000),
  },
  {
    key: 'city-emergency-medical-aid',
    kind: GOVERNMENT_PROGRAMME,
    provider: '上海市民政局',
    title: '突发重病困难家庭医疗救助',
    description:
      '对因突发疾病、交通事故或意外伤害产生高额医疗费用、经基本医保和大病保险报销后自负仍然较重的困难家庭,给予住院医疗费用救助。可与医院“一站式”结算,减少垫付。',
    forms: [MEDICAL_CARE],
    emergencyTypes: [SUDDEN_ILLNESS, TRAFFIC_ACCIDENT, ACCIDENT],
    serviceAreaCodes: [CITY],
    eligibilityRules: all(hukou(), any(assistedCategory(), all(chronicallyIll(), belowLowIncomeLine()))),
    capacity: { unit: 'fen', total: yuan(12_000_000), remaining: yuan(8_740_500) },
    availableFromDays: -330,
    legalBasis: 'jiujinan-2017',
    contact: '021-63170001',
    fundSource: '医疗救助资金',
    benefitCapFen: yuan(50_000),
  },
  {
    key: 'city-critical-care-green-channel',
    kind: GOVERNMENT_PROGRAMME,
    provider: '上海市卫生健康委员会',
    title: '急危重症患者疾病应急救助(先救治后结算)',
    description:
      '对在本市发生急危重症、需要紧急救治但身份不明或无力支付医疗费用的患者,医疗机构先行救治,费用由疾病应急救助基金按规定核销。',
    forms: [MEDICAL_CARE],
    emergencyTypes: [SUDDEN_ILLNESS, TRAFFIC_ACCIDENT, ACCIDENT],
    serviceAreaCodes: [CITY],
    eligibilityRules: null,
    eligibilityDescription: '在本市发生急危重症需紧急救治的患者,不限户籍;身份不明或确无支付能力的,由接诊医院申请核销。',
    capacity: { unit: 'fen', total: yuan(8_000_000), remaining: yuan(6_115_000) },
    availableFromDays: -300,
    contact: '021-63170002',
    fundSource: '疾病应急救助基金',
    benefitCapFen: yuan(30_000),
  },
  {
    key: 'city-disaster-living-relief',
    kind: GOVERNMENT_PROGRAMME,
    provider: '上海市民政局',
    title: '自然灾害受灾群众生活救助',
    description:
      '台风、暴雨、内涝等自然灾害发生后,按照市、区、街镇应急处置预案,为受灾群众提供应急期生活救助和过渡期生活补助。',
    forms: [CASH, IN_KIND],
    emergencyTypes: [NATURAL_DISASTER],
    serviceAreaCodes: [CITY],
    eligibilityRules: null,
    eligibilityDescription: '因自然灾害导致基本生活暂时困难的本市常住人员,由街镇按应急预案核定。',
    capacity: { unit: 'fen', total: yuan(5_000_000), remaining: yuan(4_820_000) },
    availableFromDays: -300,
    legalBasis: 'jiujinan-2017',
    contact: '962200',
    fundSource: '自然灾害救助资金',
    benefitCapFen: yuan(10_000),
  },
  {
    key: 'city-student-emergency-grant',
    kind: GOVERNMENT_PROGRAMME,
    provider: '上海市教育委员会',
    title: '家庭突发困难学生临时资助',
    description:
      '在校学生家庭因突发疾病、意外事故等陷入困境的,由学校受理、教育部门审核,一次性发放临时困难补助,保障学生不因家庭急难失学。',
    forms: [CASH],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT, TRAFFIC_ACCIDENT, FIRE, OTHER_HARDSHIP],
    serviceAreaCodes: [CITY],
    eligibilityRules: all(child(), hukouOrPermit(), inHardship()),
    capacity: { unit: 'fen', total: yuan(3_000_000), remaining: yuan(2_456_000) },
    availableFromDays: -90,
    availableUntilDays: 210,
    contact: '021-63170003',
    fundSource: '学生资助资金',
    benefitCapFen: yuan(5_000),
  },
  {
    key: 'city-employment-assistance',
    kind: GOVERNMENT_PROGRAMME,
    provider: '上海市人力资源和社会保障局',
    title: '因病因灾就业困难人员就业援助',
    description: '为因伤病、意外或家庭变故失去工作的劳动年龄人员提供职业指导、岗位推荐和公益性岗位托底安置。',
    forms: [PROFESSIONAL_SERVICE],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT, TRAFFIC_ACCIDENT, OTHER_HARDSHIP],
    serviceAreaCodes: [CITY],
    eligibilityRules: all(
      hukouOrPermit(),
      memberAge('gte', 16, '家中有16周岁以上成员'),
      memberAge('lt', 60, '家中有60周岁以下劳动年龄成员'),
    ),
    capacity: { unit: '人次', total: 2000, remaining: 1764 },
    availableFromDays: -200,
    contact: '021-63170004',
    fundSource: '就业专项资金',
  },
  {
    key: 'city-transitional-housing',
    kind: GOVERNMENT_PROGRAMME,
    provider: '上海市住房和城乡建设管理委员会',
    title: '受灾困难家庭过渡性住房保障',
    description: '住房因火灾或自然灾害损毁、暂时无法居住的困难家庭,可申请入住过渡性保障房源,最长不超过六个月。',
    forms: [TEMPORARY_SHELTER],
    emergencyTypes: [FIRE, NATURAL_DISASTER],
    serviceAreaCodes: [CITY],
    eligibilityRules: all(
      hukou(),
      category(
        [HouseholdCategory.MINIMUM_LIVING, HouseholdCategory.LOW_INCOME, HouseholdCategory.EXTREME_POVERTY],
        '低保、低收入或特困家庭',
      ),
    ),
    capacity: { unit: '张床位', total: 240, remaining: 198 },
    availableFromDays: -180,
    contact: '021-63170005',
    fundSource: '住房保障资金',
  },
  {
    key: 'pudong-migrant-temporary-assistance',
    kind: GOVERNMENT_PROGRAMME,
    provider: '浦东新区民政局',
    title: '来沪人员急难临时救助(浦东新区)',
    description:
      '持本市居住证、在浦东新区居住的来沪人员遭遇急难事件导致生活暂时困难的,由居住地街镇受理,经核实给予一次性临时救助。',
    forms: [CASH],
    emergencyTypes: ALL_EMERGENCIES,
    serviceAreaCodes: [PUDONG],
    eligibilityRules: all(residencePermit(), belowLowIncomeLine()),
    capacity: { unit: 'fen', total: yuan(1_500_000), remaining: yuan(1_186_000) },
    availableFromDays: -240,
    legalBasis: 'jiujinan-2017',
    contact: '021-68540001',
    fundSource: '临时救助资金',
    benefitCapFen: yuan(10_000),
  },
  {
    key: 'huangpu-expenditure-poverty-aid',
    kind: GOVERNMENT_PROGRAMME,
    provider: '黄浦区民政局',
    title: '支出型贫困家庭综合帮扶(黄浦区)',
    description:
      '对因重病、意外等刚性支出过大导致生活困难的支出型贫困家庭,给予生活救助和医疗费用补助,并由社工跟进个案。',
    forms: [CASH, MEDICAL_CARE],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT, TRAFFIC_ACCIDENT, OTHER_HARDSHIP],
    serviceAreaCodes: [HUANGPU],
    eligibilityRules: all(hukou(), category([HouseholdCategory.EXPENDITURE_POVERTY], '经认定的支出型贫困家庭')),
    capacity: { unit: 'fen', total: yuan(2_000_000), remaining: yuan(1_372_000) },
    availableFromDays: -200,
    legalBasis: 'jiujinan-2017',
    contact: '021-63280001',
    fundSource: '临时救助资金',
    benefitCapFen: yuan(15_000),
  },
  {
    key: 'pudong-elderly-emergency-care',
    kind: GOVERNMENT_PROGRAMME,
    provider: '浦东新区民政局',
    title: '困难老人突发事件应急照护',
    description:
      '困难老人突发疾病或意外受伤后无人照料的,由街镇委托养老机构提供短期托养或上门照护,费用按规定由政府承担。',
    forms: [PROFESSIONAL_SERVICE, TEMPORARY_SHELTER],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT],
    serviceAreaCodes: [PD_LUJIAZUI, PD_HUAMU, PD_TANGQIAO, PD_YANGJING],
    eligibilityRules: all(elderly(), hukou(), inHardship()),
    capacity: { unit: '人次', total: 600, remaining: 512 },
    availableFromDays: -120,
    availableUntilDays: 245,
    contact: '021-68540002',
    fundSource: '养老服务补贴资金',
  },
  {
    key: 'huangpu-festival-living-subsidy',
    kind: GOVERNMENT_PROGRAMME,
    provider: '黄浦区民政局',
    title: '节日期间急难家庭一次性生活补助',
    description: '节日期间对遭遇急难、基本生活出现困难的家庭发放一次性生活补助。本期申请已截止。',
    forms: [CASH],
    emergencyTypes: [OTHER_HARDSHIP, SUDDEN_ILLNESS],
    serviceAreaCodes: [HUANGPU],
    eligibilityRules: all(hukou(), assistedCategory()),
    capacity: { unit: 'fen', total: yuan(300_000), remaining: yuan(41_000) },
    availableFromDays: -150,
    availableUntilDays: -20,
    legalBasis: 'jiujinan-2017',
    contact: '021-63280002',
    fundSource: '临时救助资金',
    benefitCapFen: yuan(1_000),
  },
];

const CHARITY_PROJECTS: ResourceSeed[] = [
  {
    key: 'city-redcross-fire-shelter',
    kind: CHARITY_PROJECT,
    provider: '上海市红十字会',
    title: '火灾受灾家庭临时安置项目',
    description:
      '为火灾或自然灾害后暂时无家可归的家庭提供临时住所和基本生活用品,安置期一般不超过30天,期间协助对接后续救助。',
    forms: [TEMPORARY_SHELTER, IN_KIND],
    emergencyTypes: [FIRE, NATURAL_DISASTER],
    serviceAreaCodes: [CITY],
    eligibilityRules: null,
    eligibilityDescription: '住房因火灾、自然灾害暂时无法居住的本市居民(含来沪人员),经街镇核实后即可安置。',
    capacity: { unit: '张床位', total: 200, remaining: 163 },
    availableFromDays: -60,
    availableUntilDays: 300,
    contact: '021-64310001',
    budgetFen: yuan(800_000),
  },
  {
    key: 'pudong-redcross-typhoon-shelter',
    kind: CHARITY_PROJECT,
    provider: '浦东新区红十字会',
    title: '台风暴雨受灾群众应急安置',
    description: '汛期在浦东新区设置应急安置点,为台风、暴雨及火灾受灾群众提供临时住宿、餐食和应急救护。',
    forms: [TEMPORARY_SHELTER, IN_KIND],
    emergencyTypes: [NATURAL_DISASTER, FIRE],
    serviceAreaCodes: [PUDONG],
    eligibilityRules: null,
    capacity: { unit: '张床位', total: 150, remaining: 150 },
    availableFromDays: -30,
    contact: '021-58810001',
    budgetFen: yuan(350_000),
  },
  {
    key: 'pudong-charity-serious-illness',
    kind: CHARITY_PROJECT,
    provider: '浦东新区慈善基金会',
    title: '突发重病困难家庭医疗援助',
    description: '对家庭成员突发重病、医疗费用负担沉重的困难家庭,在政府医疗救助之后再给予慈善医疗补助,单户最高3万元。',
    forms: [CASH, MEDICAL_CARE],
    emergencyTypes: [SUDDEN_ILLNESS],
    serviceAreaCodes: [PUDONG],
    eligibilityRules: all(hukouOrPermit(), inHardship()),
    capacity: { unit: 'fen', total: yuan(2_000_000), remaining: yuan(1_530_000) },
    availableFromDays: -150,
    availableUntilDays: 215,
    contact: '021-58810002',
    budgetFen: yuan(2_000_000),
  },
  {
    key: 'city-charity-accident-relief',
    kind: CHARITY_PROJECT,
    provider: '上海市慈善基金会',
    title: '火灾及意外受灾家庭慈善救助金',
    description:
      '对遭遇火灾、交通事故或意外事故、经政府救助后基本生活仍有困难的家庭给予慈善救助金,与临时救助衔接使用。',
    forms: [CASH],
    emergencyTypes: [FIRE, TRAFFIC_ACCIDENT, ACCIDENT],
    serviceAreaCodes: [CITY],
    eligibilityRules: all(hukouOrPermit(), inHardship()),
    capacity: { unit: 'fen', total: yuan(1_500_000), remaining: yuan(1_105_000) },
    availableFromDays: -200,
    contact: '021-64310002',
    budgetFen: yuan(1_500_000),
  },
  {
    key: 'city-mutual-aid-expenditure-poverty',
    kind: CHARITY_PROJECT,
    provider: '上海市帮困互助基金会',
    title: '支出型贫困家庭帮困互助金',
    description: '面向因病、因残、因学导致刚性支出过大的支出型贫困家庭,按家庭自负费用比例给予互助帮困金。',
    forms: [CASH],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT, OTHER_HARDSHIP],
    serviceAreaCodes: [CITY],
    eligibilityRules: any(
      category([HouseholdCategory.EXPENDITURE_POVERTY], '支出型贫困家庭'),
      all(chronicallyIll(), belowLowIncomeLine()),
    ),
    capacity: { unit: 'fen', total: yuan(1_200_000), remaining: yuan(884_000) },
    availableFromDays: -100,
    contact: '021-64310003',
    budgetFen: yuan(1_200_000),
  },
  {
    key: 'city-elderly-fund-emergency',
    kind: CHARITY_PROJECT,
    provider: '上海市老年基金会',
    title: '困难老人急难救助',
    description: '为突发疾病、意外受伤或遭遇火灾的困难老人提供救助金和上门探访服务,高龄独居老人优先。',
    forms: [CASH, PROFESSIONAL_SERVICE],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT, FIRE, OTHER_HARDSHIP],
    serviceAreaCodes: [CITY],
    eligibilityRules: all(elderly(), inHardship()),
    capacity: { unit: 'fen', total: yuan(600_000), remaining: yuan(437_000) },
    availableFromDays: -120,
    contact: '021-64310004',
    budgetFen: yuan(600_000),
  },
  {
    key: 'city-women-federation-children-bursary',
    kind: CHARITY_PROJECT,
    provider: '上海市妇女联合会',
    title: '困境儿童助学金',
    description: '家庭因父母重病、伤残或意外离世陷入困境的未成年人,每人每学期发放助学金2000元,并由妇联执委结对关爱。',
    forms: [CASH],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT, TRAFFIC_ACCIDENT, OTHER_HARDSHIP],
    serviceAreaCodes: [CITY],
    eligibilityRules: all(child(), hukouOrPermit(), inHardship()),
    capacity: { unit: '份', total: 300, remaining: 221 },
    availableFromDays: -80,
    availableUntilDays: 100,
    contact: '021-64310005',
    budgetFen: yuan(600_000),
  },
  {
    key: 'city-disabled-aids-loan',
    kind: CHARITY_PROJECT,
    provider: '上海市残疾人联合会',
    title: '残疾人康复辅具借用',
    description: '为因意外或疾病致残、康复期行动不便的人员免费借用轮椅、助行器、护理床等康复辅具,最长借用六个月。',
    forms: [IN_KIND, PROFESSIONAL_SERVICE],
    emergencyTypes: [ACCIDENT, TRAFFIC_ACCIDENT, SUDDEN_ILLNESS],
    serviceAreaCodes: [CITY],
    eligibilityRules: any(disabled(), chronicallyIll()),
    eligibilityDescription: '家中有持证残疾人,或因伤病需康复辅具的慢性病患者。',
    capacity: { unit: '人次', total: 400, remaining: 276 },
    availableFromDays: -365,
    contact: '021-64310006',
    budgetFen: yuan(450_000),
  },
  {
    key: 'city-trade-union-worker-aid',
    kind: CHARITY_PROJECT,
    provider: '上海市总工会',
    title: '职工突发困难帮扶金',
    description: '职工本人或家庭成员遭遇重病、工伤、交通事故或火灾等突发困难的,由所在单位工会申报,给予一次性帮扶金。',
    forms: [CASH],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT, TRAFFIC_ACCIDENT, FIRE],
    serviceAreaCodes: [CITY],
    eligibilityRules: all(hukouOrPermit(), memberAge('gte', 16, '家中有在职劳动年龄成员'), belowLowIncomeLine()),
    capacity: { unit: 'fen', total: yuan(1_000_000), remaining: yuan(712_000) },
    availableFromDays: -150,
    contact: '021-64310007',
    budgetFen: yuan(1_000_000),
  },
  {
    key: 'xuhui-emergency-casework',
    kind: CHARITY_PROJECT,
    provider: '徐汇区阳光社工师事务所',
    title: '急难个案社工陪伴服务',
    description: '由专业社工对急难家庭开展需求评估、资源链接和全过程陪伴,协助办理救助申请并跟进转介结果。',
    forms: [PROFESSIONAL_SERVICE],
    emergencyTypes: ALL_EMERGENCIES,
    serviceAreaCodes: [XUHUI],
    eligibilityRules: null,
    capacity: { unit: '人次', total: 120, remaining: 87 },
    availableFromDays: -45,
    availableUntilDays: 320,
    contact: '021-64870001',
    budgetFen: yuan(260_000),
  },
  {
    key: 'lujiazui-neighbourhood-relief-fund',
    kind: CHARITY_PROJECT,
    provider: '陆家嘴街道社区基金会',
    title: '陆家嘴社区邻里急难帮扶金',
    description: '社区基金会为辖区内遭遇急难的居民提供小额应急帮扶金,居委会核实后48小时内发放。今年额度已接近用完。',
    forms: [CASH],
    emergencyTypes: ALL_EMERGENCIES,
    serviceAreaCodes: [PD_LUJIAZUI],
    eligibilityRules: null,
    eligibilityDescription: '居住在陆家嘴街道辖区、经居委会核实遭遇急难的居民,含持居住证的来沪人员。',
    capacity: { unit: 'fen', total: yuan(300_000), remaining: yuan(4_500) },
    availableFromDays: -300,
    availableUntilDays: 33,
    contact: '021-58820001',
    budgetFen: yuan(300_000),
  },
  {
    key: 'fenglin-elderly-meal-delivery',
    kind: CHARITY_PROJECT,
    provider: '枫林路街道睦邻互助服务社',
    title: '独居老人急难助餐送餐',
    description: '老人突发疾病或意外受伤、出院后无人照料的,由社区长者食堂每日送餐上门,连续提供最长30天。',
    forms: [IN_KIND, PROFESSIONAL_SERVICE],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT, OTHER_HARDSHIP],
    serviceAreaCodes: [XH_FENGLIN],
    eligibilityRules: all(elderly(), householdSize('lte', 2, '独居或仅与配偶同住(家庭人口不超过2人)')),
    capacity: { unit: '份', total: 2000, remaining: 1340 },
    availableFromDays: -90,
    contact: '021-64030001',
    budgetFen: yuan(120_000),
  },
  {
    key: 'huangpu-charity-supermarket-voucher',
    kind: CHARITY_PROJECT,
    provider: '黄浦区慈善超市服务中心',
    title: '慈善超市爱心购物券',
    description: '向遭遇急难的困难家庭发放慈善超市购物券,可在区内慈善超市兑换粮油、日用品和衣物。',
    forms: [IN_KIND],
    emergencyTypes: [FIRE, NATURAL_DISASTER, SUDDEN_ILLNESS, ACCIDENT, OTHER_HARDSHIP],
    serviceAreaCodes: [HP_WULIQIAO, HP_DAPUQIAO, HP_HUAIHAI],
    eligibilityRules: inHardship(),
    capacity: { unit: '份', total: 500, remaining: 362 },
    availableFromDays: -60,
    availableUntilDays: 120,
    contact: '021-63020001',
    budgetFen: yuan(150_000),
  },
];

const DONATIONS: ResourceSeed[] = [
  {
    key: 'huangpu-rice-oil-pack',
    kind: DONATION,
    provider: '黄浦区慈善超市服务中心',
    title: '爱心粮油包',
    description: '爱心企业和市民捐赠的粮油包,每份含大米10公斤和食用油5升,由慈善超市统一发放。',
    forms: [IN_KIND],
    emergencyTypes: [FIRE, NATURAL_DISASTER, SUDDEN_ILLNESS, OTHER_HARDSHIP],
    serviceAreaCodes: [HUANGPU],
    eligibilityRules: null,
    capacity: { unit: '份', total: 600, remaining: 418 },
    availableFromDays: -20,
    availableUntilDays: 120,
    contact: '021-63020002',
    items: [
      { name: '大米(5公斤装)', quantity: 1200, unit: '袋', expiresOn: '2027-04-30' },
      { name: '食用植物油(5升装)', quantity: 600, unit: '桶', expiresOn: '2027-08-31' },
    ],
  },
  {
    key: 'city-redcross-winter-quilts',
    kind: DONATION,
    provider: '上海市红十字会',
    title: '冬季棉被捐赠',
    description: '面向火灾、灾害受灾家庭和困难家庭发放冬季棉被及棉衣,帮助受灾群众安全过冬。',
    forms: [IN_KIND],
    emergencyTypes: [FIRE, NATURAL_DISASTER, OTHER_HARDSHIP],
    serviceAreaCodes: [CITY],
    eligibilityRules: null,
    eligibilityDescription: '受灾家庭可直接领取;其他困难家庭经居委会推荐领取。',
    capacity: { unit: '份', total: 1500, remaining: 1212 },
    availableFromDays: -10,
    availableUntilDays: 120,
    contact: '021-64310008',
    items: [
      { name: '加厚棉被', quantity: 1500, unit: '床', expiresOn: null },
      { name: '成人棉衣', quantity: 800, unit: '件', expiresOn: null },
    ],
  },
  {
    key: 'pudong-infant-milk-powder',
    kind: DONATION,
    provider: '浦东新区慈善基金会',
    title: '婴幼儿奶粉爱心捐赠',
    description: '为遭遇急难、家中有3周岁以下婴幼儿的困难家庭提供婴幼儿配方奶粉,每户每次2罐。',
    forms: [IN_KIND],
    emergencyTypes: [FIRE, NATURAL_DISASTER, SUDDEN_ILLNESS, ACCIDENT, OTHER_HARDSHIP],
    serviceAreaCodes: [PUDONG],
    eligibilityRules: all(memberAge('lt', 3, '家中有3周岁以下婴幼儿'), inHardship()),
    capacity: { unit: '份', total: 200, remaining: 146 },
    availableFromDays: -15,
    availableUntilDays: 45,
    contact: '021-58810003',
    items: [
      { name: '婴幼儿配方奶粉(900克)', quantity: 400, unit: '罐', expiresOn: '2027-01-15' },
      { name: '纸尿裤', quantity: 300, unit: '包', expiresOn: null },
    ],
  },
  {
    key: 'logistics-emergency-supply-kits',
    kind: DONATION,
    provider: '上海某某物流有限公司',
    title: '应急生活物资包',
    description: '企业捐赠的应急生活物资包,含饮用水、方便食品、手电筒和毛毯,可随企业车辆送达安置点。',
    forms: [IN_KIND],
    emergencyTypes: [NATURAL_DISASTER, FIRE],
    serviceAreaCodes: [PUDONG],
    eligibilityRules: null,
    capacity: { unit: '份', total: 300, remaining: 300 },
    availableFromDays: -5,
    contact: '021-58830001',
    items: [
      { name: '瓶装饮用水(24瓶装)', quantity: 300, unit: '箱', expiresOn: '2027-05-31' },
      { name: '方便面', quantity: 300, unit: '箱', expiresOn: '2027-03-31' },
      { name: '手电筒', quantity: 300, unit: '只', expiresOn: null },
      { name: '毛毯', quantity: 300, unit: '条', expiresOn: null },
    ],
  },
  {
    key: 'city-charity-fire-cash-donation',
    kind: DONATION,
    provider: '上海市慈善基金会',
    title: '火灾受灾家庭定向捐款',
    description: '社会各界为火灾受灾家庭定向捐赠的善款,用于受灾家庭重置基本生活用品和过渡期生活。',
    forms: [CASH],
    emergencyTypes: [FIRE],
    serviceAreaCodes: [CITY],
    eligibilityRules: hukouOrPermit(),
    capacity: { unit: 'fen', total: yuan(500_000), remaining: yuan(318_000) },
    availableFromDays: -180,
    contact: '021-64310009',
    cashFen: yuan(500_000),
  },
  {
    key: 'lujiazui-seasonal-clothes',
    kind: DONATION,
    provider: '陆家嘴街道社区基金会',
    title: '四季衣物捐赠',
    description: '辖区居民和单位捐赠的八成新以上衣物,经清洗消毒后分类发放给受灾和困难家庭。',
    forms: [IN_KIND],
    emergencyTypes: [FIRE, NATURAL_DISASTER, OTHER_HARDSHIP],
    serviceAreaCodes: [PD_LUJIAZUI],
    eligibilityRules: null,
    capacity: { unit: '份', total: 400, remaining: 305 },
    availableFromDays: -40,
    contact: '021-58820002',
    items: [
      { name: '冬季棉衣', quantity: 260, unit: '件', expiresOn: null },
      { name: '秋衣秋裤', quantity: 300, unit: '套', expiresOn: null },
      { name: '儿童外套', quantity: 120, unit: '件', expiresOn: null },
    ],
  },
  {
    key: 'women-federation-child-supplies',
    kind: DONATION,
    provider: '上海市妇女联合会',
    title: '困境儿童学习生活用品包',
    description: '为急难家庭中的未成年人提供书包、文具和儿童营养奶,帮助孩子尽快恢复正常学习生活。',
    forms: [IN_KIND],
    emergencyTypes: [FIRE, NATURAL_DISASTER, SUDDEN_ILLNESS, ACCIDENT, TRAFFIC_ACCIDENT],
    serviceAreaCodes: [HUANGPU, XUHUI],
    eligibilityRules: child(),
    capacity: { unit: '份', total: 250, remaining: 198 },
    availableFromDays: -30,
    availableUntilDays: 150,
    contact: '021-64310010',
    items: [
      { name: '书包', quantity: 250, unit: '只', expiresOn: null },
      { name: '文具套装', quantity: 250, unit: '套', expiresOn: null },
      { name: '儿童营养奶(250毫升×24)', quantity: 250, unit: '箱', expiresOn: '2027-04-30' },
    ],
  },
  {
    key: 'elderly-fund-nutrition-pack',
    kind: DONATION,
    provider: '上海市老年基金会',
    title: '困难老人营养品慰问包',
    description: '为病后康复期的困难老人提供中老年奶粉和营养麦片,由街道助老员送达。',
    forms: [IN_KIND],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT],
    serviceAreaCodes: [HP_YUYUAN, HP_LAOXIMEN, HP_NANJING_EAST],
    eligibilityRules: all(elderly(), inHardship()),
    capacity: { unit: '份', total: 180, remaining: 9 },
    availableFromDays: -60,
    availableUntilDays: 60,
    contact: '021-64310011',
    items: [
      { name: '中老年奶粉(800克)', quantity: 180, unit: '罐', expiresOn: '2027-02-28' },
      { name: '营养麦片(1千克)', quantity: 180, unit: '袋', expiresOn: '2027-03-15' },
    ],
  },
  {
    key: 'logistics-wheelchair-donation',
    kind: DONATION,
    provider: '上海某某物流有限公司',
    title: '爱心轮椅及助行器捐赠',
    description: '企业员工募捐购置的轮椅和助行器,捐赠给行动不便的残疾人和伤病康复人员。',
    forms: [IN_KIND],
    emergencyTypes: [ACCIDENT, TRAFFIC_ACCIDENT, SUDDEN_ILLNESS],
    serviceAreaCodes: [PD_ZHANGJIANG, PD_SANLIN, PD_ZHOUPU],
    eligibilityRules: any(disabled(), chronicallyIll()),
    capacity: { unit: '份', total: 60, remaining: 44 },
    availableFromDays: -25,
    contact: '021-58830002',
    items: [
      { name: '手动轮椅', quantity: 40, unit: '台', expiresOn: null },
      { name: '四脚助行器', quantity: 20, unit: '个', expiresOn: null },
    ],
  },
  {
    key: 'pudong-redcross-accident-cash',
    kind: DONATION,
    provider: '浦东新区红十字会',
    title: '意外伤害困难家庭爱心捐款',
    description: '红十字会募集的意外伤害救助善款,用于交通事故和意外事故中伤者家庭的应急生活和医疗支出。',
    forms: [CASH],
    emergencyTypes: [ACCIDENT, TRAFFIC_ACCIDENT],
    serviceAreaCodes: [PUDONG],
    eligibilityRules: all(
      hukouOrPermit(),
      belowLowIncomeLine(),
      not(category([HouseholdCategory.NONE], '一般家庭(未认定困难类别)')),
    ),
    capacity: { unit: 'fen', total: yuan(200_000), remaining: yuan(151_000) },
    availableFromDays: -90,
    contact: '021-58810004',
    cashFen: yuan(200_000),
  },
  {
    key: 'fenglin-winter-warmth-goods',
    kind: DONATION,
    provider: '枫林路街道睦邻互助服务社',
    title: '冬季保暖慰问物资',
    description: '辖区单位捐赠的冬季保暖物资,优先发放给高龄、独居及患慢性病的困难老人。',
    forms: [IN_KIND],
    emergencyTypes: [SUDDEN_ILLNESS, OTHER_HARDSHIP],
    serviceAreaCodes: [XH_FENGLIN, XH_XIETU, XH_KANGJIAN],
    eligibilityRules: any(elderly(), chronicallyIll()),
    capacity: { unit: '份', total: 300, remaining: 300 },
    availableFromDays: 0,
    availableUntilDays: 120,
    contact: '021-64030002',
    items: [
      { name: '芝麻糊(礼盒装)', quantity: 300, unit: '盒', expiresOn: '2027-06-30' },
      { name: '保暖内衣', quantity: 300, unit: '套', expiresOn: null },
      { name: '电暖器', quantity: 80, unit: '台', expiresOn: null },
    ],
  },
];

const VOLUNTEER_OFFERS: ResourceSeed[] = [
  {
    key: 'city-redcross-psychological-support',
    kind: VOLUNTEER_OFFER,
    provider: '上海市红十字会',
    title: '心理援助志愿服务队',
    description: '由持证心理咨询师组成的志愿服务队,为急难事件当事人及家属提供危机干预和心理疏导,可电话或上门服务。',
    forms: [PROFESSIONAL_SERVICE],
    emergencyTypes: ALL_EMERGENCIES,
    serviceAreaCodes: [CITY],
    eligibilityRules: null,
    capacity: { unit: '小时', total: 800, remaining: 642 },
    availableFromDays: -200,
    contact: '021-64310012',
    skills: ['心理疏导', '危机干预'],
    hoursPerWeek: 40,
  },
  {
    key: 'xuhui-grief-counselling',
    kind: VOLUNTEER_OFFER,
    provider: '徐汇区阳光社工师事务所',
    title: '急难家庭心理疏导志愿服务',
    description: '社工和心理志愿者为遭遇亲人离世、重大伤病的家庭提供哀伤辅导和心理疏导,每个家庭连续跟进不少于6次。',
    forms: [PROFESSIONAL_SERVICE],
    emergencyTypes: [SUDDEN_ILLNESS, TRAFFIC_ACCIDENT, ACCIDENT, FIRE],
    serviceAreaCodes: [XUHUI],
    eligibilityRules: null,
    eligibilityDescription: '徐汇区居民,不限户籍和家庭类别。',
    capacity: { unit: '小时', total: 300, remaining: 224 },
    availableFromDays: -60,
    contact: '021-64870002',
    skills: ['心理疏导', '哀伤辅导'],
    hoursPerWeek: 16,
  },
  {
    key: 'youth-league-volunteer-lawyers',
    kind: VOLUNTEER_OFFER,
    provider: '共青团上海市委员会',
    title: '法律援助志愿律师团',
    description: '青年志愿律师为急难家庭提供交通事故理赔、工伤认定、保险理赔等法律咨询和代理援助。',
    forms: [PROFESSIONAL_SERVICE],
    emergencyTypes: [TRAFFIC_ACCIDENT, ACCIDENT, FIRE, OTHER_HARDSHIP],
    serviceAreaCodes: [CITY],
    eligibilityRules: inHardship(),
    capacity: { unit: '小时', total: 500, remaining: 371 },
    availableFromDays: -150,
    contact: '021-64310013',
    skills: ['法律援助', '交通事故理赔咨询'],
    hoursPerWeek: 20,
  },
  {
    key: 'women-federation-rights-legal-aid',
    kind: VOLUNTEER_OFFER,
    provider: '上海市妇女联合会',
    title: '妇女儿童权益法律援助志愿服务',
    description: '妇联志愿律师和心理咨询师为遭遇家庭变故的妇女儿童提供法律援助和心理支持。',
    forms: [PROFESSIONAL_SERVICE],
    emergencyTypes: [OTHER_HARDSHIP, ACCIDENT, SUDDEN_ILLNESS],
    serviceAreaCodes: [CITY],
    eligibilityRules: null,
    capacity: { unit: '小时', total: 400, remaining: 310 },
    availableFromDays: -120,
    contact: '021-64310014',
    skills: ['法律援助', '心理疏导'],
    hoursPerWeek: 12,
  },
  {
    key: 'huangpu-hospital-escort',
    kind: VOLUNTEER_OFFER,
    provider: '黄浦区志愿者协会',
    title: '就医陪诊志愿服务',
    description: '志愿者陪同行动不便的老人和残疾人就医、挂号、取药,必要时协助办理住院手续。',
    forms: [PROFESSIONAL_SERVICE],
    emergencyTypes: [SUDDEN_ILLNESS, TRAFFIC_ACCIDENT, ACCIDENT],
    serviceAreaCodes: [HUANGPU, HP_NANJING_EAST, HP_HUAIHAI],
    eligibilityRules: any(elderly(), disabled()),
    capacity: { unit: '人次', total: 240, remaining: 188 },
    availableFromDays: -90,
    contact: '021-63020003',
    skills: ['陪诊', '护理'],
    hoursPerWeek: 30,
  },
  {
    key: 'logistics-moving-volunteers',
    kind: VOLUNTEER_OFFER,
    provider: '上海某某物流有限公司',
    title: '受灾家庭搬运志愿服务',
    description: '企业员工志愿者为火灾、内涝受灾家庭清运受损物品、搬运家当至临时安置点,自带车辆。',
    forms: [PROFESSIONAL_SERVICE],
    emergencyTypes: [FIRE, NATURAL_DISASTER],
    serviceAreaCodes: [PUDONG],
    eligibilityRules: null,
    capacity: { unit: '人次', total: 100, remaining: 93 },
    availableFromDays: -15,
    contact: '021-58830003',
    skills: ['搬运', '物资运输'],
    hoursPerWeek: 24,
  },
  {
    key: 'pudong-redcross-first-aid',
    kind: VOLUNTEER_OFFER,
    provider: '浦东新区红十字会',
    title: '应急救护志愿者队伍',
    description: '持红十字救护员证的志愿者在安置点和社区提供现场急救、伤口护理和健康监测。',
    forms: [MEDICAL_CARE, PROFESSIONAL_SERVICE],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT, TRAFFIC_ACCIDENT, NATURAL_DISASTER],
    serviceAreaCodes: [PD_HUINAN, PD_ZHOUPU, PD_SANLIN],
    eligibilityRules: null,
    capacity: { unit: '小时', total: 360, remaining: 301 },
    availableFromDays: -100,
    contact: '021-58810005',
    skills: ['急救', '护理'],
    hoursPerWeek: 18,
  },
  {
    key: 'fenglin-home-care',
    kind: VOLUNTEER_OFFER,
    provider: '枫林路街道睦邻互助服务社',
    title: '居家护理与助浴志愿服务',
    description: '为出院后需要照料的老人、残疾人和慢性病患者提供上门护理、助浴和陪伴。',
    forms: [PROFESSIONAL_SERVICE],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT],
    serviceAreaCodes: [XH_FENGLIN],
    eligibilityRules: any(elderly(), disabled(), chronicallyIll()),
    capacity: { unit: '小时', total: 200, remaining: 147 },
    availableFromDays: -70,
    contact: '021-64030003',
    skills: ['护理', '助浴', '陪伴'],
    hoursPerWeek: 10,
  },
  {
    key: 'youth-league-child-tutoring',
    kind: VOLUNTEER_OFFER,
    provider: '共青团上海市委员会',
    title: '困境儿童课业辅导与陪伴',
    description: '大学生志愿者为急难家庭中的中小学生提供每周课业辅导和情绪陪伴,帮助孩子渡过家庭变故期。',
    forms: [PROFESSIONAL_SERVICE],
    emergencyTypes: [SUDDEN_ILLNESS, ACCIDENT, TRAFFIC_ACCIDENT, FIRE, OTHER_HARDSHIP],
    serviceAreaCodes: [PD_LUJIAZUI, PD_YANGJING, PD_HUAMU],
    eligibilityRules: all(child(), memberAge('gte', 6, '家中有6周岁以上学龄儿童')),
    capacity: { unit: '小时', total: 600, remaining: 455 },
    availableFromDays: -50,
    availableUntilDays: 200,
    contact: '021-64310015',
    skills: ['课业辅导', '心理疏导'],
    hoursPerWeek: 15,
  },
  {
    key: 'trade-union-labour-legal-aid',
    kind: VOLUNTEER_OFFER,
    provider: '上海市总工会',
    title: '职工工伤与交通事故法律援助',
    description: '工会志愿律师为遭遇工伤、交通事故的职工及家属提供维权咨询、调解和诉讼代理。本季度服务时数已基本排满。',
    forms: [PROFESSIONAL_SERVICE],
    emergencyTypes: [ACCIDENT, TRAFFIC_ACCIDENT],
    serviceAreaCodes: [CITY],
    eligibilityRules: hukouOrPermit(),
    capacity: { unit: '小时', total: 120, remaining: 6 },
    availableFromDays: -80,
    contact: '021-64310016',
    skills: ['法律援助', '劳动争议调解'],
    hoursPerWeek: 8,
  },
];

/** The seeded catalogue: every resource is published by the seeder. */
export const RESOURCES: ResourceSeed[] = [
  ...GOVERNMENT_PROGRAMMES,
  ...CHARITY_PROJECTS,
  ...DONATIONS,
  ...VOLUNTEER_OFFERS,
];
