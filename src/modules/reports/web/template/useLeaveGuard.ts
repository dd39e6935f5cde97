import { useEffect, useRef } from 'react';

/**
 * Asks before unsaved changes are lost: closing or reloading the tab (the browser's own prompt), and
 * clicks on the side menu, header menus or links outside `root`. The app runs on a BrowserRouter, which
 * offers no navigation blocker, so the clicks are caught before React sees them.
 */
export function useLeaveGuard(dirty: boolean, message: string, root: React.RefObject<HTMLElement | null>) {
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirtyRef.current) return;
      event.preventDefault();
    };
    const click = (event: MouseEvent) => {
      if (!dirtyRef.current || !(event.target instanceof Element)) return;
      const leaving = event.target.closest('a[href], .ant-menu-item, .ant-dropdown-menu-item');
      if (!leaving || root.current?.contains(leaving) || leaving.closest('.template-editor-popup')) return;
      if (window.confirm(message)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('beforeunload', beforeUnload);
    window.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      window.removeEventListener('click', click, true);
    };
  }, [message, root]);

  /** Marks the changes as saved at once (before the next render), so a navigation right after passes. */
  return {
    confirmDiscard: () => !dirtyRef.current || window.confirm(message),
    markSaved: () => {
      dirtyRef.current = false;
    },
  };
}
