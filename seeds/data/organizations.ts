import { OrganizationKind } from '../../src/modules/organizations/organization.entity';

export interface OrganizationSeed {
  name: string;
  kind: OrganizationKind;
  areaCode: string;
}

const { GOVERNMENT_DEPARTMENT, MASS_ORGANIZATION, RED_CROSS, FOUNDATION } = OrganizationKind;

/** The city-level members of the 救急难 coordination mechanism (policy 三(一) 统筹协调机制). */
export const CITY_ORGANIZATIONS: OrganizationSeed[] = [
  { name: '上海市民政局', kind: GOVERNMENT_DEPARTMENT },
  { name: '上海市财政局', kind: GOVERNMENT_DEPARTMENT },
  { name: '上海市公安局', kind: GOVERNMENT_DEPARTMENT },
  { name: '上海市人力资源和社会保障局', kind: GOVERNMENT_DEPARTMENT },
  { name: '上海市教育委员会', kind: GOVERNMENT_DEPARTMENT },
  { name: '上海市卫生健康委员会', kind: GOVERNMENT_DEPARTMENT },
  { name: '上海市住房和城乡建设管理委员会', kind: GOVERNMENT_DEPARTMENT },
  { name: '上海市总工会', kind: MASS_ORGANIZATION },
  { name: '共青团上海市委员会', kind: MASS_ORGANIZATION },
  { name: '上海市妇女联合会', kind: MASS_ORGANIZATION },
  { name: '上海市残疾人联合会', kind: MASS_ORGANIZATION },
  { name: '上海市红十字会', kind: RED_CROSS },
  { name: '上海市慈善基金会', kind: FOUNDATION },
  { name: '上海市帮困互助基金会', kind: FOUNDATION },
  { name: '上海市老年基金会', kind: FOUNDATION },
].map((o) => ({ ...o, areaCode: '310000' }));
