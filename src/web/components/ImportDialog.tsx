import { lazy } from 'react';
import type { ImportDialogProps } from './ImportDialogBody';
import { OnceOpened } from './OnceOpened';

export type { ImportDialogProps } from './ImportDialogBody';

const Body = lazy(async () => ({ default: (await import('./ImportDialogBody')).ImportDialogBody }));

/** The Excel import dialog (ImportDialogBody), downloaded when it is first opened. */
export function ImportDialog(props: ImportDialogProps) {
  return (
    <OnceOpened open={props.open}>
      <Body {...props} />
    </OnceOpened>
  );
}
