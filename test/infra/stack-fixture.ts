import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { StarlingConfig } from '../../infra/config.ts';
import { loadConfig } from '../../infra/config.ts';
import { PROJECT_ROOT } from '../../infra/constructs/starling-function.ts';
import type { StarlingStack } from '../../infra/starling-stack.ts';
import { addStarlingStack } from '../../infra/starling-stack.ts';

/** cdk.json's context: the feature flags and the default `starling` settings that `cdk synth` uses. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(`${PROJECT_ROOT}cdk.json`, 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface SynthesizedStack {
  stack: StarlingStack;
  template: Template;
  config: StarlingConfig;
}

/**
 * Synthesizes the stack with cdk.json's flags and the given settings. Without `bundling`, the
 * `aws:cdk:bundling-stacks` context is empty, which makes every `NodejsFunction` skip esbuild, as
 * `cdk synth --exclusively` does for stacks it was not asked for, and the built-in CloudFormation
 * validation that `cdk synth` runs is off. Each costs seconds per synthesis, so only the one test
 * with `bundling` pays for them.
 */
export function synthesize(settings: Record<string, unknown> = {}, options: { bundling?: boolean; outdir?: string } = {}): SynthesizedStack {
  const { starling, ...flags } = cdkJsonContext();
  const config = loadConfig({ context: { ...(starling as Record<string, unknown>), ...settings }, env: {} });

  const outdir = options.outdir ?? mkdtempSync(join(tmpdir(), 'starling-synth-'));
  const app = new App({
    context: { ...flags, 'aws:cdk:bundling-stacks': options.bundling ? ['**'] : [] },
    outdir,
    builtinCloudFormationValidation: options.bundling === true,
  });
  const stack = addStarlingStack(app, config);
  const template = Template.fromStack(stack);

  // The template is in memory now, so a cloud assembly that the caller did not ask for can go.
  if (options.outdir === undefined) {
    rmSync(outdir, { recursive: true, force: true });
  }

  return { stack, template, config };
}

/** Resolves a construct attribute (a token) to the JSON the template holds for it, as a comparable string. */
export function resolved(stack: StarlingStack, value: unknown): string {
  return JSON.stringify(stack.resolve(value));
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/**
 * Collects every permission of a role, as `action resource` strings with the resource in template JSON.
 * It reads the role's inline policies and every `AWS::IAM::Policy` attached to it, and fails when
 * the role has managed policies, which the template cannot show.
 */
export function permissionsOf(template: Template, roleLogicalId: string): Set<string> {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const role = resources[roleLogicalId];
  if (!role || role.Type !== 'AWS::IAM::Role') {
    throw new Error(`${roleLogicalId} is not a role in the template`);
  }

  if (role.Properties.ManagedPolicyArns !== undefined) {
    throw new Error(`role ${roleLogicalId} has managed policies ${JSON.stringify(role.Properties.ManagedPolicyArns)}`);
  }

  const documents: { Statement: Statement[] }[] = [];
  for (const inline of (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []) {
    documents.push(inline.PolicyDocument);
  }

  for (const resource of Object.values(resources)) {
    const roles = resource.Properties?.Roles as unknown[] | undefined;
    if (resource.Type === 'AWS::IAM::Policy' && roles?.some((reference) => JSON.stringify(reference) === JSON.stringify({ Ref: roleLogicalId }))) {
      documents.push(resource.Properties.PolicyDocument as { Statement: Statement[] });
    }
  }

  const permissions = new Set<string>();
  for (const statement of documents.flatMap((document) => document.Statement)) {
    if (statement.Effect !== 'Allow') {
      throw new Error(`role ${roleLogicalId} has a ${statement.Effect} statement; the test expects only Allow`);
    }

    const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
    const resourceList = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    for (const action of actions) {
      for (const resource of resourceList) {
        permissions.add(`${action} ${JSON.stringify(resource)}`);
      }
    }
  }

  return permissions;
}

/** Returns the logical id of a construct's CloudFormation resource. */
export function logicalIdOf(stack: StarlingStack, construct: { node: { defaultChild?: unknown } } | { node: unknown }): string {
  const child = (construct.node as { defaultChild?: unknown }).defaultChild ?? construct;
  return stack.getLogicalId(child as Parameters<StarlingStack['getLogicalId']>[0]);
}
