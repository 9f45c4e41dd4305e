import { useTranslation } from 'react-i18next';
import type { AlertView } from '../../shared/contract';
import { safeText } from '../lib/safeText';

/** The alert's own sentence, in the UI language (the core writes both). */
export function useAlertText(): (a: AlertView) => string {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (a) => safeText(en ? a.messageEn || a.message : a.message || a.messageEn);
}
