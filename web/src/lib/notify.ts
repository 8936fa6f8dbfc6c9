import { notifications } from '@mantine/notifications';
import { i18n } from '../i18n/index.ts';

/** A short-lived message at the top of the screen, with a labelled close button. */
export function notify(message: string, tone: 'success' | 'error' = 'success'): void {
  notifications.show({
    message,
    color: tone === 'success' ? 'teal' : 'red',
    ...(tone === 'error' ? { title: i18n.t('errors.title') } : {}),
    closeButtonProps: { 'aria-label': i18n.t('app.close') },
  });
}
