import { Button, Menu, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, isLanguage, type Language, languages } from '../i18n/index.ts';
import { useHeaderButtonSize } from './header-button-size.ts';

/** Lists each language by its own name, marked with its own `lang` so screen readers pronounce it right. */
export function LanguageMenu() {
  const size = useHeaderButtonSize();
  const { t, i18n } = useTranslation();
  const current: Language = isLanguage(i18n.language) ? i18n.language : 'en';

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" color="gray" size={size}>
          {/* Named by the hidden sentence; the short code is only the visual cue. */}
          <span aria-hidden>{current.toUpperCase()}</span>
          <VisuallyHidden>{t('languages.current', { language: t(`languages.${current}`) })}</VisuallyHidden>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('languages.label')}</Menu.Label>
        <Menu.RadioGroup
          value={current}
          onChange={(value) => isLanguage(value) && void chooseLanguage(value)}
        >
          {languages.map((language) => (
            <Menu.RadioItem key={language} value={language} lang={language} closeMenuOnClick>
              {t(`languages.${language}`)}
            </Menu.RadioItem>
          ))}
        </Menu.RadioGroup>
      </Menu.Dropdown>
    </Menu>
  );
}
