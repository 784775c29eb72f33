import { rulesMarkdown } from '../src/rules/rulesDoc.js';

process.stdout.write(rulesMarkdown());
