import { createDocumentClient } from '../../src/adapters/dynamodb/document-client.ts';

/**
 * The DynamoDB document client, built at import as every function's composition root builds it.
 * This handler's start-up time is the cost of the AWS SDK alone.
 */
export const documentClient = createDocumentClient();

export const handler = async () => ({ statusCode: 200, body: 'ok' });
