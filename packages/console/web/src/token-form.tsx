import { useState } from 'preact/hooks';
import { operatorToken, setOperatorToken } from './api-client.ts';

/** Shown when the console server answered 401: the token goes to sessionStorage, never to a URL. */
export function TokenForm() {
  const [token, setToken] = useState('');
  // Asked again while one is kept: the server refused it (expired, or not an operator token of a running system).
  const refused = operatorToken() !== null;
  return (
    <div class="overlay">
      <form
        class="token-form panel"
        data-testid="token-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (token.trim()) setOperatorToken(token.trim());
        }}
      >
        <h2>Operator token</h2>
        <p>
          The console answers operators only. Paste a token from <code>npm run mosaic -- operator-token</code>; it is
          kept for this tab only.
        </p>
        {refused && (
          <p class="text-bad" data-testid="token-refused">
            The console refused the token it was given: it has expired, or it is not an operator token of a running
            system.
          </p>
        )}
        <label>
          Token
          <input
            type="password"
            autocomplete="off"
            value={token}
            onInput={(event) => setToken(event.currentTarget.value)}
            data-testid="token-input"
          />
        </label>
        <button type="submit" class="primary" data-testid="token-submit">
          Use token
        </button>
      </form>
    </div>
  );
}
