import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { AuthProvider } from './app/auth';
import { router } from './app/routes';

dayjs.locale('zh-cn');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      button={{ autoInsertSpace: false }}
      theme={{
        // Darker secondary text and links than antd's defaults: WCAG AA contrast on white.
        token: {
          colorPrimary: '#b7202e',
          colorLink: '#0b4fa8',
          colorInfo: '#0b4fa8',
          colorError: '#c0262d',
          colorWarning: '#9a5b00',
          colorSuccess: '#237a33',
          colorTextSecondary: 'rgba(0,0,0,0.68)',
          colorTextTertiary: 'rgba(0,0,0,0.64)',
          colorTextDescription: 'rgba(0,0,0,0.64)',
          borderRadius: 6,
        },
      }}
    >
      <AntApp>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
