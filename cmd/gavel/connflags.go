package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/ircconn"
)

// connFlags are the IRC connection flags shared by `gavel bot` and
// `gavel chair`. Every flag has a GAVEL_* environment default (GAVEL_SERVER,
// GAVEL_NICK, …). Passwords are never flags: --password takes
// env:NAME, file:PATH or cmd:COMMAND.
type connFlags struct {
	server, nick, channel      string
	tls, insecure              bool
	caFile, certFile, keyFile  string
	sasl, account, password    string
	nickserv                   bool
	reconnectMin, reconnectMax time.Duration
	network                    string
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv("GAVEL_" + name); ok {
		return v
	}
	return def
}

func envBool(name string) bool {
	b, _ := strconv.ParseBool(envOr(name, "false"))
	return b
}

func (c *connFlags) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.server, "server", envOr("SERVER", ""), "IRC server as HOST:PORT (port defaults to 6697 with --tls, else 6667) [$GAVEL_SERVER]")
	fs.StringVar(&c.nick, "nick", envOr("NICK", ""), "nick to use [$GAVEL_NICK]")
	fs.StringVar(&c.channel, "channel", envOr("CHANNEL", ""), "meeting channel, e.g. '#meeting' [$GAVEL_CHANNEL]")
	fs.BoolVar(&c.tls, "tls", envBool("TLS"), "connect with TLS (certificate verified) [$GAVEL_TLS]")
	fs.StringVar(&c.caFile, "tls-ca", envOr("TLS_CA", ""), "PEM file of CA certificates to trust instead of the system's [$GAVEL_TLS_CA]")
	fs.StringVar(&c.certFile, "tls-cert", envOr("TLS_CERT", ""), "client certificate (PEM), for SASL EXTERNAL / CertFP [$GAVEL_TLS_CERT]")
	fs.StringVar(&c.keyFile, "tls-key", envOr("TLS_KEY", ""), "client certificate key (PEM) [$GAVEL_TLS_KEY]")
	fs.BoolVar(&c.insecure, "tls-insecure", false, "do not verify the server certificate (never the default)")
	fs.StringVar(&c.sasl, "sasl", envOr("SASL", ""), "SASL mechanism: plain or external [$GAVEL_SASL]")
	fs.StringVar(&c.account, "account", envOr("ACCOUNT", ""), "services account (default: the nick) [$GAVEL_ACCOUNT]")
	fs.StringVar(&c.password, "password", envOr("PASSWORD", ""), "where the password comes from: env:NAME, file:PATH or cmd:COMMAND [$GAVEL_PASSWORD]")
	fs.BoolVar(&c.nickserv, "nickserv", envBool("NICKSERV"), "identify to NickServ after connecting (when not using SASL) [$GAVEL_NICKSERV]")
	fs.DurationVar(&c.reconnectMin, "reconnect-min", 10*time.Second, "first reconnect delay (doubles each failure)")
	fs.DurationVar(&c.reconnectMax, "reconnect-max", 10*time.Minute, "longest reconnect delay")
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
