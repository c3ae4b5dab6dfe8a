import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalIdOf, synthesize } from './stack-fixture.ts';

const { stack, template } = synthesize({ apiThrottle: { rate: 7, burst: 14 } });
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

function routeTarget(routeKey: string): unknown {
  const route = Object.values(resources).find((resource) => resource.Type === 'AWS::ApiGatewayV2::Route' && resource.Properties.RouteKey === routeKey);
  if (!route) {
    throw new Error(`no route ${routeKey}`);
  }

  const integrationId = (route.Properties.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
  return resources[integrationId.Ref]!.Properties;
}

describe('review HTTP API', () => {
  it('has exactly the review and admin routes', () => {
    const routeKeys = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
      .map((resource) => resource.Properties.RouteKey)
      .sort();
    expect(routeKeys).toEqual(['ANY /admin', 'ANY /admin/api', 'ANY /admin/api/{proxy+}', 'ANY /admin/{proxy+}', 'GET /review', 'POST /review']);
  });

  it('sends GET /review to render-review-form', () => {
    expect(routeTarget('GET /review')).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalIdOf(stack, stack.functions['render-review-form'].function), 'Arn'] },
    });
  });

  it('sends POST /review to submit-review', () => {
    expect(routeTarget('POST /review')).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalIdOf(stack, stack.functions['submit-review'].function), 'Arn'] },
    });
  });

  it('throttles the default stage from the configuration', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 14 },
    });
  });

  it('writes access logs to their own log group', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logicalIdOf(stack, stack.api.accessLogs), 'Arn'] } },
    });
  });

  it('keeps the review token out of access logs', () => {
    const stage = Object.values(resources).find((resource) => resource.Type === 'AWS::ApiGatewayV2::Stage')!;
    const format = stage.Properties.AccessLogSettings.Format as string;

    expect(JSON.parse(format)).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', path: '$context.path', status: '$context.status' });
    for (const leak of ['querystring', 'rawquerystring', 'requestoverride', 'referer', 'header']) {
      expect(format.toLowerCase(), leak).not.toContain(leak);
    }
  });

  it('outputs the API endpoint as the public URL', () => {
    expect(outputs.PublicUrl!.Value).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack, stack.api.api), 'ApiEndpoint'] });
  });

  it('grants API Gateway invoke on each review function', () => {
    for (const name of ['render-review-form', 'submit-review'] as const) {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [logicalIdOf(stack, stack.functions[name].function), 'Arn'] },
      });
    }
  });

  it('creates no custom domain by default', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });
});

describe('review HTTP API with a custom domain', () => {
  const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8897-a6b5c4d3e2f1';
  const custom = synthesize({ domainName: 'rv.example.com', certificateArn });
  const customResources = custom.template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;

  it('creates the domain with the certificate', () => {
    custom.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'rv.example.com',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: certificateArn, EndpointType: 'REGIONAL' })],
    });
  });

  it('maps the domain to the default stage', () => {
    custom.template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { Stage: '$default' });
  });

  it('uses the domain in review links', () => {
    const sendInvitations = customResources[logicalIdOf(custom.stack, custom.stack.functions['send-invitations'].function)]!;
    expect(sendInvitations.Properties.Environment.Variables.STARLING_PUBLIC_URL).toBe('https://rv.example.com');
    expect(custom.template.toJSON().Outputs.PublicUrl.Value).toBe('https://rv.example.com');
  });

  it('outputs the target for the DNS record', () => {
    expect(custom.template.toJSON().Outputs.DomainTarget).toBeDefined();
  });
});
