/** The search thesaurus module: its table, the coordinators' GraphQL and keeping every instance's copy current. */
export { SearchSynonymSet } from './synonym-set.entity';
export { ThesaurusResolver } from './thesaurus.resolver';
export { THESAURUS_EVENT, ThesaurusService, type ThesaurusSink } from './thesaurus.service';
