import { App } from 'aws-cdk-lib';
import { loadConfig, StarlingConfigError } from './config.ts';
import type { StarlingConfig } from './config.ts';
import { addStarlingStack } from './starling-stack.ts';

/**
 * The CDK app that `cdk synth`, `cdk deploy` and `cdk destroy` run (see cdk.json). The stack is
 * environment-agnostic: it names no account or region and looks nothing up, so synthesis needs
 * neither credentials nor network, and deploy uses the account and region of the AWS profile.
 */
const app = new App();

let config: StarlingConfig;
try {
  config = loadConfig({ context: app.node.tryGetContext('starling'), env: process.env });
} catch (error) {
  if (!(error instanceof StarlingConfigError)) {
    throw error;
  }

  console.error(`${error.message}\nSet these in cdk.json under "context" > "starling", or as the environment variables named; docs/deploy.md lists every setting.`);
  process.exit(1);
}

addStarlingStack(app, config);
