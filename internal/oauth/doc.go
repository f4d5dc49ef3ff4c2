// Package oauth holds everything about Gmail credentials: the OAuth client
// configuration and scopes, the token file (atomic, 0600, optionally
// AES-256-GCM encrypted), the live token source with revocation backoff and
// rotation, the installed-app flow behind `gmail-mcp auth`, and the /setup
// web flow for instances that are deployed first and connected after.
//
// Nothing here prints or logs a secret: refresh tokens, access tokens, the
// client secret and the setup key stay out of errors, logs and pages.
package oauth
