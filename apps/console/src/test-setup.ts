import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { session } from './shared/session/session';
import { installFakeFetch, resetFakeApi } from './test-support/fake-api';

// The API client keeps the fetch it was created with: the fake goes in before any import of it.
installFakeFetch();
// findBy* and waitFor wait this long on a loaded machine before failing.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  resetFakeApi();
  session.clear('logout');
  sessionStorage.clear();
});
