// Runs before each test file of the `shared` project (vitest.config.ts), whose files follow one another
// in the same process, each on a database of its own: what the application caches per process must not
// carry from one file's database to the next.
import { forgetCachedSettings } from '../../src/platform/settings/service';

forgetCachedSettings();
