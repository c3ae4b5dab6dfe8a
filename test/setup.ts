import { hideSdkNodeVersionNotice } from '../src/local/quiet-warnings.ts';

hideSdkNodeVersionNotice();
