import { App } from 'aws-cdk-lib';
import { ENVIRONMENT_VARIABLES, loadConfig, StarlingConfigError } from './config.ts';
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

reportSettings(config);
addStarlingStack(app, config);

/**
 * Prints, on standard error, the settings taken from the shell rather than cdk.json, because a
 * local demo setting such as STARLING_SENDING_WINDOW=0-24 would otherwise reach a deployment
 * unnoticed, and warns when no first admin is set or the business time zone is still UTC.
 */
function reportSettings(loaded: StarlingConfig): void {
  const fromShell = Object.entries(ENVIRONMENT_VARIABLES).filter(([, variable]) => process.env[variable]?.trim());
  if (fromShell.length > 0) {
    console.error(`Starling settings from the environment (they override cdk.json): ${fromShell.map(([, variable]) => `${variable}=${process.env[variable]?.trim()}`).join(', ')}`);
  }

  if (!loaded.adminEmail) {
    console.error('Note: adminEmail is not set, so the stack creates no admin user and nobody can sign in at /admin until you add one with aws cognito-idp admin-create-user (docs/deploy.md, "Admin access").');
  }

  if (loaded.timeZone === 'UTC') {
    console.error('Note: timeZone is UTC. US, Canadian and Australian customers without a timeZone attribute get SMS by UTC hours; set timeZone in cdk.json to the business\'s zone, e.g. America/New_York.');
  }
}
