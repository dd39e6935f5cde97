import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, type Language } from '../i18n';

/** 中文 / English switch; the choice is kept in localStorage. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Dropdown
      menu={{
        selectedKeys: [i18n.language],
        items: [
          { key: 'zh-CN', label: '简体中文' },
          { key: 'en', label: 'English' },
        ],
        onClick: ({ key }) => changeLanguage(key as Language),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={t('layout.language')}
        data-testid="language-switch"
      >
        {i18n.language === 'en' ? 'English' : '中文'}
      </Button>
    </Dropdown>
  );
}
