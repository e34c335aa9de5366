// A real OpenID Connect provider (oidc-provider) for the accounts integration tests, run as its own
// process on 127.0.0.1 (a random port). argv: client id, client secret, redirect URI. Prints
// `{"issuer": ...}` on stdout once it listens. devInteractions: any login name is the account id,
// and the account's e-mail is that login name, verified.
const { createServer } = require('node:http');

const [clientId, clientSecret, redirectUri] = process.argv.slice(2);
const server = createServer();
server.listen(0, '127.0.0.1', async () => {
  // oidc-provider is an ES module
  const { default: Provider } = await import('oidc-provider');
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, email: id, email_verified: true, name: 'External User' }) }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['fleet-test-cookie-key'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
