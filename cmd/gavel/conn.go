package main

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/ircconn"
)

// connFlags are the IRC connection settings shared by `gavel bot` and
// `gavel chair` (rows of the settings table). Passwords are never flags:
// --password takes env:NAME, file:PATH or cmd:COMMAND.
type connFlags struct {
	server, nick, channel      string
	tls, insecure              bool
	caFile, certFile, keyFile  string
	sasl, account, password    string
	nickserv                   bool
	reconnectMin, reconnectMax time.Duration
	network                    string
}

// connFrom reads the connection settings.
func connFrom(v *values) connFlags {
	return connFlags{
		server: v.str("server"), nick: v.str("nick"), channel: v.str("channel"),
		tls: v.bool("tls"), insecure: v.bool("tls-insecure"),
		caFile: v.str("tls-ca"), certFile: v.str("tls-cert"), keyFile: v.str("tls-key"),
		sasl: v.str("sasl"), account: v.str("account"), password: v.str("password"),
		nickserv: v.bool("nickserv"), reconnectMin: v.duration("reconnect-min"), reconnectMax: v.duration("reconnect-max"),
	}
}

// config checks the flags and builds the ircconn configuration.
func (c *connFlags) config() (ircconn.Config, error) {
	var cfg ircconn.Config
	if c.server == "" || c.nick == "" || c.channel == "" {
		return cfg, fmt.Errorf("--server, --nick and --channel are required")
	}
	if !strings.HasPrefix(c.channel, "#") && !strings.HasPrefix(c.channel, "&") {
		return cfg, fmt.Errorf("--channel %q: a channel starts with '#'", c.channel)
	}
	host, port := c.server, 0
	if h, p, err := net.SplitHostPort(c.server); err == nil {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return cfg, fmt.Errorf("--server %q: bad port", c.server)
		}
		host, port = h, n
	}
	cfg = ircconn.Config{
		Server: host, Port: port, TLS: c.tls, TLSCAFile: c.caFile, TLSCertFile: c.certFile, TLSKeyFile: c.keyFile,
		InsecureSkipVerify: c.insecure, Nick: c.nick, SASL: c.sasl, Account: c.account, NickServ: c.nickserv,
		Channels: []string{c.channel}, ReconnectMin: c.reconnectMin, ReconnectMax: c.reconnectMax,
		QuitMessage: "gavel: meeting recorder stopping",
	}
	if c.password != "" {
		s, err := ircconn.ParseSecret(c.password)
		if err != nil {
			return cfg, fmt.Errorf("--password: %w", err)
		}
		cfg.Password = s
	}
	if (c.sasl == "plain" || c.nickserv) && cfg.Password.IsZero() {
		return cfg, fmt.Errorf("--sasl plain and --nickserv need --password env:NAME|file:PATH|cmd:COMMAND")
	}
	c.network = host
	return cfg, nil
}
