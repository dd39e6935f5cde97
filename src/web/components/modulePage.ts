import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import { loadModuleMessages } from '../i18n';

/** A lazily loaded page whose code can be asked for before it renders. */
export type PageComponent = LazyExoticComponent<ComponentType> & {
  /** Starts downloading the page (once); rendering it later waits for the same download. */
  preload: () => Promise<unknown>;
};

/** A page of the app shell itself, downloaded when first rendered or preloaded. */
export function appPage(load: () => Promise<{ default: ComponentType }>): PageComponent {
  let loading: Promise<{ default: ComponentType }> | null = null;
  const once = () => {
    // A failed download is not kept: the page's render asks again and shows its own error.
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  return Object.assign(lazy(once), { preload: once });
}

/**
 * A lazily loaded page of a module: its code and the modules' UI text download together, so the
 * page never renders a raw message key.
 */
export function modulePage(load: () => Promise<{ default: ComponentType }>): PageComponent {
  return appPage(async () => (await Promise.all([load(), loadModuleMessages()]))[0]);
}
