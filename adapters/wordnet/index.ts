export { WordNetThesaurus, type WordNetThesaurusOptions } from './wordnet-thesaurus.js';
