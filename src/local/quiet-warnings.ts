/**
 * Hides the AWS SDK's notice that its releases after January 2027 need Node.js 22. The local stack
 * supports Node.js 20.19+ on purpose, and the notice would otherwise open every command's output.
 */
export function hideSdkNodeVersionNotice(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;

  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.startsWith('NodeVersionSupportWarning')) {
      return;
    }

    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}
