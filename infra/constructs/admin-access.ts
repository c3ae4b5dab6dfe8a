import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** Routes that serve pages and the sign-in: the function checks the session cookie itself. */
export const ADMIN_PAGE_PATHS = ['/admin', '/admin/{proxy+}'] as const;

/** Routes of the JSON API: API Gateway's JWT authorizer checks the bearer token before the function runs. */
export const ADMIN_API_PATHS = ['/admin/api', '/admin/api/{proxy+}'] as const;

/** Hours an admin stays signed in: the lifetime of the ID token, which the session cookie carries. */
export const ADMIN_SESSION_HOURS = 8;

export interface AdminAccessProps {
  api: apigatewayv2.HttpApi;
  /** The site's base URL without a trailing slash; the callback and sign-out URLs are under it. */
  publicUrl: string;
  adminFunction: lambda.Function;
  stage: string;
  businessName: string;
  /** The hosted UI prefix; without one, `starling-<stage>-<account id>`, which no other account can take. */
  domainPrefix?: string;
  /** Creates this admin, whom Cognito emails a temporary password. */
  adminEmail?: string;
  /** Keeps the user pool, and its admins, when the stack is deleted, like the data tables. */
  protectData: boolean;
}

/**
 * Admin sign-in with a Cognito user pool. Admins sign in on the hosted UI with the authorization
 * code flow and PKCE. The admin function then keeps the ID token in an HttpOnly cookie for the
 * pages, because a browser navigation cannot send an Authorization header and an authorizer cannot
 * redirect to a login page. The JSON API takes the token as a bearer token, checked by API Gateway's
 * JWT authorizer. Only admins create admins: self sign-up is off.
 */
export class AdminAccess extends Construct {
  readonly userPool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;
  readonly client: cognito.UserPoolClient;
  readonly authorizer: HttpJwtAuthorizer;
  readonly firstAdmin?: cognito.CfnUserPoolUser;
  readonly adminUrl: string;

  constructor(scope: Construct, id: string, props: AdminAccessProps) {
    super(scope, id);

    this.adminUrl = `${props.publicUrl}/admin`;
    const removalPolicy = props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `starling-${props.stage}-admins`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(7) },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Lite has all this pool uses (hosted UI, TOTP, admin-created users) and is free for the first
      // 10,000 monthly active users. Threat protection needs the Plus plan, which has no free tier.
      featurePlan: cognito.FeaturePlan.LITE,
      userInvitation: {
        emailSubject: `Your ${props.businessName} admin account`,
        emailBody: `You are an admin of ${props.businessName} reviews. Sign in at ${this.adminUrl} with the user name {username} and the temporary password {####}. It works for 7 days, and you choose your own password at the first sign-in.`,
      },
      deletionProtection: props.protectData,
      removalPolicy,
    });

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `starling-${props.stage}-${Aws.ACCOUNT_ID}` },
    });

    this.client = this.userPool.addClient('AdminClient', {
      userPoolClientName: 'starling-admin',
      // A public client: the secret would have to live in the function anyway, and PKCE protects the code exchange.
      generateSecret: false,
      // ADMIN_USER_PASSWORD_AUTH lets someone with AWS credentials get a token for the API from the
      // CLI (docs/deploy.md). It needs IAM's cognito-idp:AdminInitiateAuth, so unlike
      // USER_PASSWORD_AUTH it opens no password endpoint to the internet.
      authFlows: { adminUserPassword: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.publicUrl}/admin/auth/callback`],
        logoutUrls: [`${props.publicUrl}/admin/login`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      idTokenValidity: Duration.hours(ADMIN_SESSION_HOURS),
      accessTokenValidity: Duration.hours(ADMIN_SESSION_HOURS),
      refreshTokenValidity: Duration.hours(ADMIN_SESSION_HOURS),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });

    if (props.adminEmail) {
      this.firstAdmin = new cognito.CfnUserPoolUser(this, 'FirstAdmin', {
        userPoolId: this.userPool.userPoolId,
        username: props.adminEmail,
        userAttributes: [
          { name: 'email', value: props.adminEmail },
          { name: 'email_verified', value: 'true' },
        ],
        desiredDeliveryMediums: ['EMAIL'],
      });
      this.firstAdmin.applyRemovalPolicy(removalPolicy);
    }

    // NOTE: this is the issuer of pools without an IssuerConfiguration, which this pool does not
    // set. A pool switched to the newer issuer-cognito-idp issuer would need it here too.
    const issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.authorizer = new HttpJwtAuthorizer('AdminJwt', issuer, {
      authorizerName: 'admin-jwt',
      jwtAudience: [this.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    this.addRoutes(props.api, props.adminFunction);
    this.configureFunction(props.adminFunction);
  }

  /**
   * Sends every admin path to the function. Both route pairs use ANY, so API Gateway picks between
   * them by path alone, and its most specific match sends `/admin/api/...` to the authorized routes.
   */
  private addRoutes(api: apigatewayv2.HttpApi, adminFunction: lambda.Function): void {
    const integration = new HttpLambdaIntegration('Admin', adminFunction);

    for (const path of ADMIN_PAGE_PATHS) {
      api.addRoutes({ path, methods: [apigatewayv2.HttpMethod.ANY], integration });
    }

    for (const path of ADMIN_API_PATHS) {
      api.addRoutes({ path, methods: [apigatewayv2.HttpMethod.ANY], integration, authorizer: this.authorizer });
    }
  }

  /** Names the pool, client and hosted UI to the function. It needs no IAM access to Cognito: the JWKS and token endpoints are public. */
  private configureFunction(adminFunction: lambda.Function): void {
    adminFunction.addEnvironment('STARLING_ADMIN_AUTH', 'cognito');
    adminFunction.addEnvironment('STARLING_COGNITO_USER_POOL_ID', this.userPool.userPoolId);
    adminFunction.addEnvironment('STARLING_COGNITO_CLIENT_ID', this.client.userPoolClientId);
    adminFunction.addEnvironment('STARLING_COGNITO_DOMAIN', this.domain.baseUrl());
  }
}
