import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDeploySettings } from '../lib/settings.js';
import { StewardStack } from '../lib/steward-stack.js';

/** `npm run deploy:synth` (and `cdk deploy` in deploy/): settings from the CDK context `steward`. */
const app = new App();
const settings = parseDeploySettings(app.node.tryGetContext('steward'));
new StewardStack(app, settings.name === 'steward' ? 'Steward' : `Steward-${settings.name}`, settings);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
