package ircconn

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"time"

	"github.com/lrstanley/girc"
)

// ---- Run: connect and reconnect ----

// Run connects and keeps the connection up until ctx is cancelled or Quit
// is called (then it returns nil, after sending QUIT), or a final error
// happens: SASL refused (wraps ErrSASL), server certificate not trusted,
// invalid configuration, unreadable password. Other failures are retried
// with backoff, reported as StateDisconnected events.
func (c *Client) Run(ctx context.Context) error {
	c.mu.Lock()
	if c.running {
		c.mu.Unlock()
		return ErrRunning
	}
	c.running = true
	c.mu.Unlock()

	dispatched := make(chan struct{})
	go c.dispatch(dispatched)
	wctx, stopWriter := context.WithCancel(context.Background())
	writerDone := make(chan struct{})
	go func() { c.q.run(wctx, c); close(writerDone) }()

	err := c.loop(ctx)

	stopWriter()
	<-writerDone
	if err != nil {
		c.emit(Event{Type: EventState, State: StateFailed, Err: err})
	} else {
		c.emit(Event{Type: EventState, State: StateStopped})
	}
	c.evmu.Lock()
	c.evdone = true
	c.evmu.Unlock()
	c.wakeDispatch()
	<-dispatched
	c.mu.Lock()
	c.running = false
	c.mu.Unlock()
	return err
}

func (c *Client) stopping(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.quitting
}

func (c *Client) loop(ctx context.Context) error {
	if !c.cfg.Password.IsZero() {
		pw, err := c.cfg.Password.Reveal(ctx)
		if err != nil {
			return fmt.Errorf("ircconn: password: %w", err)
		}
		c.mu.Lock()
		c.password = pw
		c.mu.Unlock()
	}
	backoff := c.cfg.ReconnectMin
	for {
		if c.stopping(ctx) {
			return nil
		}
		c.emit(Event{Type: EventState, State: StateConnecting})
		cn := c.newConn(ctx)
		start := time.Now()
		stopAfter := context.AfterFunc(ctx, func() { cn.shutdown(c.cfg.QuitMessage) })
		err := cn.gc.DialerConnect(ctxDialer{ctx})
		stopAfter()
		close(cn.done)
		c.mu.Lock()
		c.cur = nil
		c.registered = false
		c.echo = false
		c.nick = c.wanted
		c.chans = map[string]*chanState{}
		c.mu.Unlock()

		cn.mu.Lock()
		fatal, own := cn.fatal, cn.err
		cn.mu.Unlock()
		if fatal != nil {
			return fatal
		}
		if c.stopping(ctx) {
			return nil
		}
		if own != nil {
			err = own
		}
		if err == nil {
			err = errors.New("connection closed")
		}
		if isCertError(err) {
			return fmt.Errorf("ircconn: TLS certificate of %s not trusted: %w", c.cfg.Server, err)
		}
		var ice *girc.InvalidConfigError
		if errors.As(err, &ice) {
			return fmt.Errorf("ircconn: %w", err)
		}
		if time.Since(start) > time.Minute {
			backoff = c.cfg.ReconnectMin
		}
		wait := jitter(backoff)
		c.log.Warn("ircconn: disconnected", "server", c.cfg.Server, "err", err, "retry_in", wait)
		c.emit(Event{Type: EventState, State: StateDisconnected, RetryIn: wait, Err: err, At: c.cfg.Now().UTC()})
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-c.quitCh:
			t.Stop()
			return nil
		case <-t.C:
		}
		backoff = min(2*backoff, c.cfg.ReconnectMax)
	}
}

func jitter(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

func isCertError(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci)
}

// ctxDialer dials with the Run context, so cancelling it stops a dial.
type ctxDialer struct{ ctx context.Context }

func (d ctxDialer) Dial(network, addr string) (net.Conn, error) {
	nd := net.Dialer{Timeout: 15 * time.Second}
	return nd.DialContext(d.ctx, network, addr)
}

func (c *Client) newConn(ctx context.Context) *conn {
	cn := &conn{c: c, done: make(chan struct{}), regNick: c.cfg.Nick}
	if os.Getenv("GIRC_DEBUG") != "" {
		// girc would copy its protocol log to stderr, under the TUI.
		os.Unsetenv("GIRC_DEBUG")
	}
	var debug io.Writer = io.Discard
	if c.log.Enabled(ctx, slog.LevelDebug) {
		debug = &debugWriter{c: c}
	}
	c.mu.Lock()
	wanted := c.wanted
	c.mu.Unlock()
	gcfg := girc.Config{
		Server: c.cfg.Server, Port: c.cfg.Port,
		Nick: wanted, User: c.cfg.User, Name: c.cfg.RealName,
		SSL: c.cfg.TLS, TLSConfig: c.tls,
		AllowFlood: true, // we pace ourselves; girc must never sleep in Send
		DisableSTS: true,
		Debug:      debug,
		Version:    "gavel",
		RecoverFunc: func(_ *girc.Client, e *girc.HandlerError) {
			c.log.Error("ircconn: handler panic", "err", e.Error(), "stack", string(e.Stack))
		},
		HandleNickCollide: cn.nickCollide,
	}
	if !c.cfg.DisableEcho {
		gcfg.SupportedCaps = map[string][]string{"echo-message": nil}
	}
	if gcfg.SupportedCaps == nil {
		gcfg.SupportedCaps = map[string][]string{}
	}
	gcfg.SupportedCaps[historyCap] = nil
	cn.regNick = wanted
	switch c.cfg.SASL {
	case "plain":
		c.mu.Lock()
		gcfg.SASL = &girc.SASLPlain{User: c.cfg.Account, Pass: c.password}
		c.mu.Unlock()
	case "external":
		gcfg.SASL = &girc.SASLExternal{}
	}
	cn.gc = girc.New(gcfg)
	cn.gc.Handlers.Add(girc.ALL_EVENTS, cn.handle)
	cn.takeOverCTCP()
	c.mu.Lock()
	c.cur = cn
	c.registered = false
	c.echo = false
	c.nick = wanted
	c.chans = map[string]*chanState{}
	c.resetISupport()
	c.mu.Unlock()
	return cn
}

// close ends the connection; err (if not nil) is what Run reports.
func (cn *conn) close(err error) {
	cn.mu.Lock()
	if err != nil && cn.err == nil {
		cn.err = err
	}
	cn.closing = true
	init := cn.initialized
	cn.mu.Unlock()
	if init { // before INITIALIZED girc's Close races with Connect
		cn.gc.Close()
	}
}

// shutdown sends QUIT and closes shortly after.
func (cn *conn) shutdown(reason string) {
	cn.mu.Lock()
	cn.closing = true
	init := cn.initialized
	cn.mu.Unlock()
	if !init {
		return
	}
	// Not gc.Quit: girc closes the socket right after writing QUIT, and a
	// close with unread input sends a TCP RST that can make the server
	// drop the QUIT and the lines before it. A lower-case command is the
	// same IRC command to the server, but girc does not treat it as QUIT:
	// we wait for the server to close the link (2 s at most).
	cn.gc.Send(&girc.Event{Command: "quit", Params: []string{reason}})
	go func() {
		select {
		case <-cn.done:
		case <-time.After(2 * time.Second):
			cn.gc.Close()
		}
	}()
}
