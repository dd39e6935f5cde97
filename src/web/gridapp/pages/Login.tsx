import { type FormEvent, useState } from 'react';
import { SendFailure } from '../outbox';
import { useGridApp } from '../state';

/** Phone-size login; when the session expired with reports waiting it says they are kept. */
export function Login() {
  const app = useGridApp();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await app.login(username.trim(), password);
    } catch (failure) {
      setError(
        failure instanceof SendFailure && failure.status === 0
          ? '网络不可用，联网后才能登录'
          : failure instanceof Error
            ? failure.message
            : String(failure),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <img src="/m/icon.svg" alt="" width={72} height={72} />
      <h1>基层网格通</h1>
      <p className="muted">网格员巡查与事件上报</p>
      {app.loginNeeded && (
        <p className="notice" role="status">
          登录已过期。本机待发送的上报都已保留，重新登录后自动发送。
        </p>
      )}
      {!app.online && <p className="notice">当前离线，联网后才能登录。</p>}
      <form onSubmit={submit}>
        <label>
          用户名
          <input
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            required
          />
        </label>
        <label>
          密码
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </main>
  );
}
