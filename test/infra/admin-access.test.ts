import { describe, expect, it } from 'vitest';
import { logicalIdOf, permissionsOf, resolved, synthesize } from './stack-fixture.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

const { stack, template } = synthesize({ adminEmail: 'owner@example.com' });
const resources = template.toJSON().Resources as Record<string, Resource>;
const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

const userPoolRef = { Ref: logicalIdOf(stack, stack.adminAccess.userPool) };
const clientRef = { Ref: logicalIdOf(stack, stack.adminAccess.client) };
const apiEndpoint = { 'Fn::GetAtt': [logicalIdOf(stack, stack.api.api), 'ApiEndpoint'] };
const adminFunctionArn = { 'Fn::GetAtt': [logicalIdOf(stack, stack.functions.admin.function), 'Arn'] };

function only(list: [string, Resource][], what: string): [string, Resource] {
  expect(list, what).toHaveLength(1);
  return list[0]!;
}

function resourcesOfType(synthesizedResources: Record<string, Resource>, type: string): [string, Resource][] {
  return Object.entries(synthesizedResources).filter(([, resource]) => resource.Type === type);
}

const [, userPool] = only(resourcesOfType(resources, 'AWS::Cognito::UserPool'), 'user pools');
const [, client] = only(resourcesOfType(resources, 'AWS::Cognito::UserPoolClient'), 'app clients');
const [authorizerId, authorizer] = only(resourcesOfType(resources, 'AWS::ApiGatewayV2::Authorizer'), 'authorizers');

function route(routeKey: string): Resource['Properties'] {
  const found = Object.values(resources).find((resource) => resource.Type === 'AWS::ApiGatewayV2::Route' && resource.Properties.RouteKey === routeKey);
  if (!found) {
    throw new Error(`no route ${routeKey}`);
  }

  return found.Properties;
}

function integrationOf(routeKey: string): Resource['Properties'] {
  const integrationId = (route(routeKey).Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
  return resources[integrationId.Ref]!.Properties;
}

const adminRouteKeys = Object.values(resources)
  .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route' && String(resource.Properties.RouteKey).includes(' /admin'))
  .map((resource) => String(resource.Properties.RouteKey));
const apiRouteKeys = adminRouteKeys.filter((key) => key.includes(' /admin/api'));
const pageRouteKeys = adminRouteKeys.filter((key) => !key.includes(' /admin/api'));

describe('admin user pool', () => {
  it('lets only admins create users', () => {
    expect(userPool.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
  });

  it('signs in with the email address', () => {
    expect(userPool.Properties.UsernameAttributes).toEqual(['email']);
    expect(userPool.Properties.AutoVerifiedAttributes).toEqual(['email']);
  });

  it('requires a strong password', () => {
    expect(userPool.Properties.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    });
  });

  it('offers TOTP as optional MFA', () => {
    expect(userPool.Properties.MfaConfiguration).toBe('OPTIONAL');
    expect(userPool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('uses the Lite plan without threat protection', () => {
    expect(userPool.Properties.UserPoolTier).toBe('LITE');
    expect(userPool.Properties.UserPoolAddOns).toBeUndefined();
  });

  it('names the admin URL in the invitation email', () => {
    const message = resolved(stack, userPool.Properties.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage);
    expect(message).toContain('{username}');
    expect(message).toContain('{####}');
    expect(message).toContain('/admin');
  });

  it('is deleted with a dev stack', () => {
    const [, pool] = only(resourcesOfType(resources, 'AWS::Cognito::UserPool'), 'user pools');
    expect(pool.DeletionPolicy).toBe('Delete');
    expect(pool.Properties.DeletionProtection).toBe('INACTIVE');
  });

  it('is retained and protected in prod, like the tables', () => {
    const prod = synthesize({ stage: 'prod', adminEmail: 'owner@example.com' });
    const prodResources = prod.template.toJSON().Resources as Record<string, Resource>;
    const [, pool] = only(resourcesOfType(prodResources, 'AWS::Cognito::UserPool'), 'user pools');
    const [, firstAdmin] = only(resourcesOfType(prodResources, 'AWS::Cognito::UserPoolUser'), 'users');

    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
    expect(firstAdmin.DeletionPolicy).toBe('Retain');
  });
});

describe('hosted UI domain', () => {
  it('defaults to a prefix with the stage and account id', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      UserPoolId: userPoolRef,
      Domain: { 'Fn::Join': ['', ['starling-dev-', { Ref: 'AWS::AccountId' }]] },
    });
  });

  it('uses the configured prefix', () => {
    const custom = synthesize({ adminDomainPrefix: 'harbor-coffee-admin' });
    custom.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'harbor-coffee-admin' });
  });
});

describe('admin app client', () => {
  it('uses the authorization code grant only', () => {
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.Properties.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    expect(client.Properties.SupportedIdentityProviders).toEqual(['COGNITO']);
  });

  it('is a public client, as PKCE expects', () => {
    expect(client.Properties.GenerateSecret).toBe(false);
  });

  it('returns to the callback and sign-in pages of the public URL', () => {
    expect(client.Properties.CallbackURLs).toEqual([{ 'Fn::Join': ['', [apiEndpoint, '/admin/auth/callback']] }]);
    expect(client.Properties.LogoutURLs).toEqual([{ 'Fn::Join': ['', [apiEndpoint, '/admin/login']] }]);
  });

  it('uses the custom domain in the callback', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8897-a6b5c4d3e2f1';
    const custom = synthesize({ domainName: 'rv.example.com', certificateArn });
    custom.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://rv.example.com/admin/auth/callback'],
      LogoutURLs: ['https://rv.example.com/admin/login'],
    });
  });

  it('issues ID tokens for 8 hours', () => {
    expect(client.Properties.IdTokenValidity).toBe(480);
    expect(client.Properties.TokenValidityUnits.IdToken).toBe('minutes');
  });

  it('allows no password sign-in from the internet', () => {
    expect(client.Properties.ExplicitAuthFlows.sort()).toEqual(['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  });
});

describe('admin routes', () => {
  it('has the page and API routes', () => {
    expect(pageRouteKeys.sort()).toEqual(['ANY /admin', 'ANY /admin/{proxy+}']);
    expect(apiRouteKeys.sort()).toEqual(['ANY /admin/api', 'ANY /admin/api/{proxy+}']);
  });

  it('checks every API route with the JWT authorizer', () => {
    for (const routeKey of apiRouteKeys) {
      expect(route(routeKey).AuthorizationType, routeKey).toBe('JWT');
      expect(route(routeKey).AuthorizerId, routeKey).toEqual({ Ref: authorizerId });
    }
  });

  it('leaves page routes to the function', () => {
    for (const routeKey of pageRouteKeys) {
      expect(route(routeKey).AuthorizationType ?? 'NONE', routeKey).toBe('NONE');
      expect(route(routeKey).AuthorizerId, routeKey).toBeUndefined();
    }
  });

  it('sends every admin route to the admin function', () => {
    for (const routeKey of adminRouteKeys) {
      expect(integrationOf(routeKey), routeKey).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationUri: adminFunctionArn });
    }
  });

  it('lets API Gateway invoke the admin function', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', FunctionName: adminFunctionArn });
  });
});

describe('JWT authorizer', () => {
  it('reads the bearer token from the Authorization header', () => {
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(authorizer.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
  });

  it('trusts the user pool as issuer and the app client as audience', () => {
    expect(authorizer.Properties.JwtConfiguration).toEqual({
      Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', userPoolRef]] },
      Audience: [clientRef],
    });
  });
});

describe('first admin', () => {
  it('is created with the configured email', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolUser', {
      UserPoolId: userPoolRef,
      Username: 'owner@example.com',
      UserAttributes: [
        { Name: 'email', Value: 'owner@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
  });

  it('is not created without adminEmail', () => {
    synthesize().template.resourceCountIs('AWS::Cognito::UserPoolUser', 0);
  });
});

describe('admin function permissions', () => {
  const permissions = [...permissionsOf(template, logicalIdOf(stack, stack.functions.admin.role))];
  const reviewsTable = resolved(stack, stack.tables.tables.reviews.tableArn);

  it('writes nothing but UpdateItem on the reviews table', () => {
    const writes = permissions.filter((permission) => /^dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite|PartiQL)/.test(permission));
    expect(writes).toEqual([`dynamodb:UpdateItem ${reviewsTable}`]);
  });

  it('cannot publish to SNS', () => {
    expect(permissions.filter((permission) => permission.startsWith('sns:'))).toEqual([]);
  });

  it('has no Cognito or secret access', () => {
    expect(permissions.filter((permission) => /^(cognito-idp|secretsmanager):/.test(permission))).toEqual([]);
  });
});

describe('admin outputs', () => {
  it('outputs the admin URL and the user pool id', () => {
    expect(outputs.AdminUrl!.Value).toEqual({ 'Fn::Join': ['', [apiEndpoint, '/admin']] });
    expect(outputs.AdminUserPoolId!.Value).toEqual(userPoolRef);
    expect(outputs.AdminClientId!.Value).toEqual(clientRef);
  });
});
