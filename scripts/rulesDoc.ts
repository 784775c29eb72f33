import { rulesMarkdown } from '../src/codes/catalogue.js';

process.stdout.write(rulesMarkdown());
