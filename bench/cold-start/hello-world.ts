/** The smallest possible handler: the baseline that every function's start-up time is compared with. */
export const handler = async () => ({ statusCode: 200, body: 'ok' });
