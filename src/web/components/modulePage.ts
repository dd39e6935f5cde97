import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import { loadModuleMessages } from '../i18n';

/**
 * A lazily loaded page of a module: its code and the modules' UI text download together, so the
 * page never renders a raw message key.
 */
export function modulePage(
  load: () => Promise<{ default: ComponentType }>,
): LazyExoticComponent<ComponentType> {
  return lazy(async () => (await Promise.all([load(), loadModuleMessages()]))[0]);
}
