package ircconn

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/lrstanley/girc"
)

// Config says where to connect and as whom.
type Config struct {
	// Server is the host name or address; Port defaults to 6697 with TLS,
	// else 6667.
	Server string
	Port   int
	// TLS connects with TLS. The certificate is verified against the
	// system roots, or against TLSCAFile (PEM) when set. TLSServerName
	// overrides the name checked (default Server). InsecureSkipVerify turns
	// verification off (never the default).
	TLS                bool
	TLSCAFile          string
	TLSServerName      string
	InsecureSkipVerify bool
	// TLSCertFile and TLSKeyFile are a client certificate (PEM), used for
	// SASL EXTERNAL (CertFP).
	TLSCertFile, TLSKeyFile string

	// Nick is the wanted nick. When it is taken we register as Nick_ (and
	// so on) and take Nick back when it becomes free.
	Nick string
	// User (ident) defaults to Nick, RealName to "gavel meeting bot".
	User, RealName string

	// SASL is "plain", "external" or "" (none). A SASL failure is final:
	// Run returns an error wrapping ErrSASL and does not reconnect.
	SASL string
	// Account is the services account (default Nick). Password is read
	// once at each Run start (env var, file or command; see Secret).
	Account  string
	Password Secret
	// NickServ identifies with "PRIVMSG NickServ :IDENTIFY account pass"
	// after connecting, when SASL is not used.
	NickServ bool

	// DisableEcho does not request echo-message (our lines are then
	// reported when sent).
	DisableEcho bool

	// Channels are joined after registration and rejoined after every
	// reconnect.
	Channels []string

	// ReconnectMin is the first reconnect delay (default 10 s); it doubles
	// up to ReconnectMax (default 10 min), with ±20 % jitter, and falls
	// back to ReconnectMin after a connection that lived over a minute.
	ReconnectMin, ReconnectMax time.Duration
	// NickRegainInterval is how often we try to take Nick back while we
	// have a fallback nick (default 30 s). We also try at once when its
	// holder quits or changes nick.
	NickRegainInterval time.Duration

	// FloodBurst lines may be sent at once (default 4); after that one
	// line per FloodInterval (default 1 s). A negative FloodInterval
	// disables pacing (tests).
	FloodBurst    int
	FloodInterval time.Duration

	// QuitMessage is sent when the context of Run is cancelled.
	QuitMessage string

	// Logger receives connection logs and, at debug level, the raw
	// protocol (passwords redacted). Default: discard. Nothing is ever
	// written to stdout or stderr.
	Logger *slog.Logger
	// Now is the clock for lines without server-time (default time.Now).
	Now func() time.Time

	// HistorySince, when set, says from when a channel's history is wanted
	// after we join it, where the server offers IRCv3 draft/chathistory
	// (the recorder: a little before the last line it has). Zero asks for
	// the latest lines.
	HistorySince func(channel string) time.Time

	// OnEvent receives every event, one at a time, in server order, from a
	// single goroutine owned by the Client (never concurrently, never
	// dropped). A consumer may journal the event before handling it:
	// the next event is not delivered until OnEvent returns. OnEvent may
	// call Say and the other send methods (they never block). Run returns
	// only after the last event (StateStopped or StateFailed) was
	// delivered.
	OnEvent func(Event)
	// OnEvents, when set, receives the same events instead of OnEvent,
	// as the batches that queued up while the last one was handled, in
	// server order. A consumer that journals can then make one batch
	// durable with one fsync (group commit): the busier the channel, the
	// bigger the batches, so a slow disk never leaves it further behind.
	OnEvents func([]Event)
}

func (cfg *Config) setDefaults() {
	if cfg.Port == 0 {
		cfg.Port = 6667
		if cfg.TLS {
			cfg.Port = 6697
		}
	}
	if cfg.User == "" {
		cfg.User = cfg.Nick
	}
	if cfg.RealName == "" {
		cfg.RealName = "gavel meeting bot"
	}
	if cfg.Account == "" {
		cfg.Account = cfg.Nick
	}
	cfg.SASL = strings.ToLower(cfg.SASL)
	if cfg.ReconnectMin <= 0 {
		cfg.ReconnectMin = 10 * time.Second
	}
	if cfg.ReconnectMax <= 0 {
		cfg.ReconnectMax = 10 * time.Minute
	}
	if cfg.ReconnectMax < cfg.ReconnectMin {
		cfg.ReconnectMax = cfg.ReconnectMin
	}
	if cfg.NickRegainInterval <= 0 {
		cfg.NickRegainInterval = 30 * time.Second
	}
	if cfg.FloodBurst <= 0 {
		cfg.FloodBurst = 4
	}
	if cfg.FloodInterval == 0 {
		cfg.FloodInterval = time.Second
	}
	if cfg.QuitMessage == "" {
		cfg.QuitMessage = "gavel: bye"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
}

func (cfg *Config) validate() error {
	if cfg.Server == "" {
		return errors.New("ircconn: no server")
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return fmt.Errorf("ircconn: port %d out of range", cfg.Port)
	}
	if !girc.IsValidNick(cfg.Nick) {
		return fmt.Errorf("ircconn: invalid nick %q", cfg.Nick)
	}
	if !girc.IsValidUser(cfg.User) {
		return fmt.Errorf("ircconn: invalid user name %q", cfg.User)
	}
	switch cfg.SASL {
	case "", "plain":
	case "external":
		if cfg.TLSCertFile == "" || !cfg.TLS {
			return errors.New("ircconn: SASL EXTERNAL needs TLS and a client certificate (TLSCertFile)")
		}
	default:
		return fmt.Errorf("ircconn: unknown SASL mechanism %q (plain, external)", cfg.SASL)
	}
	if (cfg.SASL == "plain" || cfg.NickServ) && cfg.Password.IsZero() {
		return errors.New("ircconn: SASL PLAIN and NickServ need a Password")
	}
	for _, ch := range cfg.Channels {
		if !validTarget(ch) {
			return fmt.Errorf("ircconn: invalid channel %q", ch)
		}
	}
	return nil
}

func (cfg *Config) tlsConfig() (*tls.Config, error) {
	if !cfg.TLS {
		return nil, nil
	}
	tc := &tls.Config{ServerName: cfg.TLSServerName, InsecureSkipVerify: cfg.InsecureSkipVerify, MinVersion: tls.VersionTLS12} //nolint:gosec // opt-in
	if tc.ServerName == "" {
		tc.ServerName = cfg.Server
	}
	if cfg.TLSCAFile != "" {
		b, err := os.ReadFile(cfg.TLSCAFile)
		if err != nil {
			return nil, fmt.Errorf("ircconn: CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(b) {
			return nil, fmt.Errorf("ircconn: CA file %s has no PEM certificate", cfg.TLSCAFile)
		}
		tc.RootCAs = pool
	}
	if cfg.TLSCertFile != "" {
		key := cfg.TLSKeyFile
		if key == "" {
			key = cfg.TLSCertFile
		}
		cert, err := tls.LoadX509KeyPair(cfg.TLSCertFile, key)
		if err != nil {
			return nil, fmt.Errorf("ircconn: client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}
