import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import { loadModuleMessages } from '../i18n';

/** A lazily loaded page whose code can be asked for before it renders. */
export type PageComponent = LazyExoticComponent<ComponentType> & {
  /** Starts downloading the page (once); rendering it later waits for the same download. */
  preload: () => Promise<unknown>;
};

/** A thenable that calls back synchronously: React's lazy then renders without suspending. */
function settled<T>(value: T): Promise<T> {
  // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose, for React.lazy.
  return { then: (resolve: (value: T) => void) => resolve(value) } as unknown as Promise<T>;
}

/** A page of the app shell itself, downloaded when first rendered or preloaded. */
export function appPage(load: () => Promise<{ default: ComponentType }>): PageComponent {
  let loading: Promise<{ default: ComponentType }> | null = null;
  let loaded: { default: ComponentType } | null = null;
  const once = () => {
    loading ??= load().then(
      (page) => {
        loaded = page;
        return page;
      },
      (error: unknown) => {
        // A failed download is not kept: the page's render asks again and shows its own error.
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  // React suspends on a promise even when it has settled (its callbacks run later), shows the
  // fallback, and then holds it on screen for a moment before it shows the page. A page already
  // downloaded (preloaded) is handed over at once instead.
  const component = lazy(() => (loaded ? settled(loaded) : once()));
  return Object.assign(component, { preload: once });
}

/**
 * A lazily loaded page of a module: its code and the modules' UI text download together, so the
 * page never renders a raw message key.
 */
export function modulePage(load: () => Promise<{ default: ComponentType }>): PageComponent {
  return appPage(async () => (await Promise.all([load(), loadModuleMessages()]))[0]);
}
