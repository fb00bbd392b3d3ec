package ircconn

// ---- public state API ----

// CurrentNick is our nick now (the wanted nick until registered).
func (c *Client) CurrentNick() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nick
}

// EchoActive reports whether the server acknowledged echo-message on the
// current connection. When it did, our own channel lines are reported
// once, from the server's echo; otherwise when they are sent.
func (c *Client) EchoActive() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.echo
}

// Connected reports whether we are registered on a server now.
func (c *Client) Connected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.registered
}

// Account is the services account we are logged in as ("" if none).
func (c *Client) Account() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.account
}

// Pending is the number of queued outgoing commands (a long message
// counts once until it is split).
func (c *Client) Pending() int { return c.q.len() }
