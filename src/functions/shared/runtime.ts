import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCustomerStore } from '../../adapters/dynamodb/customer-store.ts';
import { createDocumentClient } from '../../adapters/dynamodb/document-client.ts';
import { DynamoInvitationStore } from '../../adapters/dynamodb/invitation-store.ts';
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { DynamoRunStore } from '../../adapters/dynamodb/run-store.ts';
import { localKeyRingProvider } from '../../adapters/secrets/local-key-file.ts';
import { secretsManagerKeyRingProvider } from '../../adapters/secrets/secrets-manager.ts';
import type { Environment } from '../../config.ts';
import { tableNames, tokenKeySource } from '../../config.ts';
import type { TokenKeyRing } from '../../core/tokens.ts';

/**
 * Pieces every function's composition root builds once per cold start. Each function takes only
 * what it uses, so a function that sends no SMS never loads the SNS client.
 */
export function createLogger(serviceName: string): Logger {
  // The level comes from POWERTOOLS_LOG_LEVEL and defaults to INFO.
  return new Logger({ serviceName });
}

export function createStores(env: Environment, client: DynamoDBDocumentClient = createDocumentClient()) {
  const tables = tableNames(env);
  return {
    customers: new DynamoCustomerStore(client, tables.customers),
    invitations: new DynamoInvitationStore(client, tables.invitations),
    reviews: new DynamoReviewStore(client, tables.reviews),
    runs: new DynamoRunStore(client, tables.runs),
  };
}

export function createKeyRingProvider(env: Environment): () => Promise<TokenKeyRing> {
  const source = tokenKeySource(env);
  return source.kind === 'file' ? localKeyRingProvider(source.path) : secretsManagerKeyRingProvider(source.secretId);
}
