import { type ReactNode, Suspense, useState } from 'react';

/**
 * Renders a dialog (a React.lazy component, given as `children`) only from the first time it is
 * opened: a page that may never open its import or edit dialog does not download the forms, tables and
 * upload widgets inside it with its first screen. Once opened it stays mounted, so closing animates as
 * usual and reopening is instant.
 */
export function OnceOpened(props: { open: boolean; children: ReactNode }) {
  const [opened, setOpened] = useState(props.open);
  if (!opened && props.open) setOpened(true);
  if (!opened && !props.open) return null;
  return <Suspense fallback={null}>{props.children}</Suspense>;
}
