// Package ircconn is gavel's only connection to IRC. It wraps girc with
// what a meeting bot needs: a reconnect loop with backoff, SASL (a failure
// is final), NickServ IDENTIFY, nick fallback and regain, IRCv3
// server-time/account-tag/extended-join/echo-message, its own channel
// membership tracking (girc's state is racy and has no channel list on
// QUIT), and one paced writer that never blocks the caller.
//
// Incoming traffic becomes typed Events carrying meeting.Line values,
// delivered in server order to Config.OnEvent from one goroutine:
//
//	c, _ := ircconn.New(ircconn.Config{Server: "irc.libera.chat", TLS: true,
//		Nick: "gavel", SASL: "plain", Password: ircconn.SecretEnv("GAVEL_PASS"),
//		Channels: []string{"#meeting"},
//		OnEvent: func(ev ircconn.Event) {
//			journal.Append(ev)   // durable first ...
//			handle(ev)           // ... then act; c.Say never blocks
//		}})
//	err := c.Run(ctx)             // returns on ctx cancel, Quit, or a final error
package ircconn

import (
	"crypto/tls"
	"errors"
	"log/slog"
	"sync"

	"github.com/lrstanley/girc"
)

// ErrSASL is wrapped by the error Run returns when SASL authentication
// was refused.
var ErrSASL = errors.New("SASL authentication failed")

// ErrRunning is returned by Run when the Client is already running.
var ErrRunning = errors.New("ircconn: Run called twice")

// Client is one IRC connection (reconnected as needed).
type Client struct {
	cfg Config
	log *slog.Logger
	tls *tls.Config
	q   *sendQueue
	// ctcp limits CTCP replies (see ctcp.go).
	ctcp ctcpLimiter

	evmu   sync.Mutex
	evq    []Event
	evwake chan struct{}
	evdone bool
	seq    uint64

	mu           sync.Mutex
	running      bool
	cur          *conn
	registered   bool
	nick         string // our nick on this connection (wanted nick before 001)
	wanted       string
	ident, host  string
	account      string
	echo         bool
	password     string
	chans        map[string]*chanState // key: folded name
	want         []string              // channels to be in, as given
	prefixModes  string                // e.g. "qaohv"
	prefixChars  string                // e.g. "~&@%+"
	chanModes    [4]string
	chanTypes    string
	monitor      bool // server has MONITOR
	historyLimit int  // ISUPPORT CHATHISTORY=n (history.go)
	quitting     bool
	quitCh       chan struct{}
}

// conn is one girc connection attempt.
type conn struct {
	c    *Client
	gc   *girc.Client
	done chan struct{}

	mu          sync.Mutex
	initialized bool
	closing     bool
	fatal       error // final: SASL refused
	err         error // why we closed it ourselves
	saslDone    bool
	regNick     string
	batches     map[string]*batch // open BATCH ref (history.go)
	histPages   map[string]int    // CHATHISTORY pages asked per folded channel
}

// New checks cfg and makes a Client. Nothing connects until Run.
func New(cfg Config) (*Client, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	tc, err := cfg.tlsConfig()
	if err != nil {
		return nil, err
	}
	interval := cfg.FloodInterval
	if interval < 0 {
		interval = 0
	}
	c := &Client{
		cfg: cfg, log: cfg.Logger, tls: tc,
		q:      newSendQueue(cfg.FloodBurst, interval),
		evwake: make(chan struct{}, 1),
		nick:   cfg.Nick, wanted: cfg.Nick,
		chans:  map[string]*chanState{},
		quitCh: make(chan struct{}),
	}
	c.resetISupport()
	for _, ch := range cfg.Channels {
		c.addWant(ch)
	}
	return c, nil
}

func (c *Client) resetISupport() {
	c.prefixModes, c.prefixChars = "qaohv", "~&@%+"
	c.chanModes = [4]string{"beI", "k", "l", "imnpst"}
	c.chanTypes = "#&"
	c.monitor = false
	c.historyLimit = 0
}

func fold(s string) string { return girc.ToRFC1459(s) }
