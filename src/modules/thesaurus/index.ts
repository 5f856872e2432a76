import { SearchPipeline } from '../../search/search-pipeline';
import { ThesaurusHolder } from '../../search/thesaurus';
import { defineModule } from '../manifest';
import { SearchSynonymSet } from './synonym-set.entity';
import { ThesaurusResolver } from './thesaurus.resolver';
import { THESAURUS_EVENT, ThesaurusService, type ThesaurusSink } from './thesaurus.service';

declare module '../../core/context' {
  interface HubServices {
    thesaurus: ThesaurusService;
  }
}

/**
 * 检索同义词表: the search thesaurus (search_synonym_set), coordinators' edits over GraphQL, and
 * keeping the copy the search pipeline reads current on every instance.
 */
export const thesaurusModule = defineModule({
  name: 'thesaurus',
  entities: [SearchSynonymSet],
  resolvers: [ThesaurusResolver],
  events: [THESAURUS_EVENT],
  services: ({ search }) => ({
    // The pipeline's thesaurus when the hub searches through one (it always does; scripts may not).
    thesaurus: new ThesaurusService(
      search instanceof SearchPipeline ? search.thesaurus : new ThesaurusHolder(),
      search as ThesaurusSink,
    ),
  }),
});

export { SearchSynonymSet } from './synonym-set.entity';
export { THESAURUS_EVENT, ThesaurusService, type ThesaurusSink } from './thesaurus.service';
