import { RemovalPolicy } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** The field of the generated secret that contains the first signing key. */
export const GENERATED_KEY_FIELD = 'generatedSecret';

/** Characters in the generated key; see `TokenSigningSecret` for why 64. */
export const GENERATED_KEY_LENGTH = 64;

export interface TokenSigningSecretProps {
  retain: boolean;
}

/**
 * The Secrets Manager secret that stores the review-link signing keys. Secrets Manager generates
 * the first key at deploy, so no key appears in the template, in cdk.out or on this machine.
 *
 * The functions read the key-ring format `{"currentKeyId":1,"keys":[{"id":1,"secret":"<base64>"}]}`,
 * but CloudFormation can only generate a string as a top-level field of a JSON template. The secret
 * therefore starts as `{"currentKeyId":1,"generatedSecret":"<64 letters and digits>"}`, for the
 * key-ring parser to read as key 1. Letters and digits are all base64 characters, so the string is a
 * valid base64 key: 64 characters decode to 48 bytes and carry about 380 bits of randomness
 * (64 × log2 62), above the parser's 32-byte minimum. A rotation rewrites the secret in the full
 * format, keeping that string as the secret of key 1 (docs/deploy.md).
 */
export class TokenSigningSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: TokenSigningSecretProps) {
    super(scope, id);

    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Starling review-link signing keys (key-ring JSON; see docs/deploy.md to rotate)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ currentKeyId: 1 }),
        generateStringKey: GENERATED_KEY_FIELD,
        passwordLength: GENERATED_KEY_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
      },
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
