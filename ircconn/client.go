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
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/ircconn/irctext"
	"github.com/gavel-irc/gavel/meeting"
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

type chanState struct {
	name    string
	joined  time.Time // server time of our JOIN (zero without server-time)
	topic   string
	members map[string]*Member
	names   map[string]*Member // NAMES being received
	// who is set when the WHO of the channel sent after our join ended;
	// whoDirty when a WHO reply changed a member's realname since the
	// last roster event.
	who, whoDirty bool
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

// ---- public sending API (never blocks) ----

// Say sends a PRIVMSG to target (a channel or a nick). Long text is split
// into several messages on rune boundaries; like everything sent, it goes
// through irctext.Clean (no CR, LF, NUL or other control characters but
// mIRC formatting reach the wire).
func (c *Client) Say(target, text string) { c.enqueue("PRIVMSG", target, text) }

// Action sends a CTCP ACTION (/me); irctext.Clean takes any \x01 out of
// the text, so it cannot end the CTCP early.
func (c *Client) Action(target, text string) {
	c.enqueue("ACTION", target, text)
}

// Notice sends a NOTICE.
func (c *Client) Notice(target, text string) { c.enqueue("NOTICE", target, text) }

// SetTopic sets channel's topic (cut to one line if too long).
func (c *Client) SetTopic(channel, topic string) { c.enqueue("TOPIC", channel, topic) }

// Nick changes our nick and makes it the wanted nick.
func (c *Client) Nick(nick string) {
	nick = irctext.Clean(nick)
	if !girc.IsValidNick(nick) {
		c.log.Warn("ircconn: invalid nick dropped", "nick", nick)
		return
	}
	c.mu.Lock()
	c.wanted = nick
	c.mu.Unlock()
	c.q.push(outMsg{cmd: "NICK", text: nick})
}

// Join joins channel now (when connected) and after every reconnect.
func (c *Client) Join(channel string) {
	if !validTarget(channel) {
		c.log.Warn("ircconn: invalid channel dropped", "channel", irctext.Clean(channel))
		return
	}
	c.mu.Lock()
	c.addWant(channel)
	c.mu.Unlock()
	c.q.push(outMsg{cmd: "JOIN", target: channel})
}

// Part leaves channel and stops rejoining it.
func (c *Client) Part(channel, reason string) {
	if !validTarget(channel) {
		return
	}
	c.mu.Lock()
	c.dropWant(channel)
	c.mu.Unlock()
	c.q.push(outMsg{cmd: "PART", target: channel, text: irctext.Clean(reason)})
}

// Quit sends QUIT after everything queued before it and makes Run return
// nil (at most 10 s later, even if the queue cannot drain).
func (c *Client) Quit(reason string) {
	c.mu.Lock()
	if c.quitting {
		c.mu.Unlock()
		return
	}
	c.quitting = true
	close(c.quitCh)
	c.mu.Unlock()
	c.q.push(outMsg{cmd: "QUIT", text: irctext.Clean(reason)})
	time.AfterFunc(10*time.Second, func() {
		c.mu.Lock()
		cn := c.cur
		c.mu.Unlock()
		if cn != nil {
			cn.close(nil)
		}
	})
}

func (c *Client) enqueue(cmd, target, text string) {
	if !validTarget(target) {
		c.log.Warn("ircconn: message to invalid target dropped", "target", irctext.Clean(target))
		return
	}
	c.q.push(outMsg{cmd: cmd, target: target, text: irctext.Clean(text)})
}

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

// Roster returns channel's members (sorted by nick) and topic; ok is false
// when we are not in it.
func (c *Client) Roster(channel string) (members []Member, topic string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs := c.chans[fold(channel)]
	if cs == nil {
		return nil, "", false
	}
	return snapshot(cs.members), cs.topic, true
}

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

// nickCollide picks the next fallback nick while registering; once
// registered a refused NICK (regain attempt) is simply dropped.
func (cn *conn) nickCollide(string) string {
	cn.c.mu.Lock()
	registered := cn.c.registered
	cn.c.mu.Unlock()
	if registered {
		return ""
	}
	cn.mu.Lock()
	defer cn.mu.Unlock()
	cn.regNick += "_"
	if len(cn.regNick) > 30 {
		cn.regNick = cn.regNick[:25] + strconv.Itoa(rand.IntN(99999))
	}
	return cn.regNick
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

func (cn *conn) regainLoop() {
	c := cn.c
	t := time.NewTicker(c.cfg.NickRegainInterval)
	defer t.Stop()
	for {
		select {
		case <-cn.done:
			return
		case <-t.C:
			cn.regain()
		}
	}
}

func (cn *conn) regain() {
	c := cn.c
	c.mu.Lock()
	need := c.registered && c.cur == cn && fold(c.nick) != fold(c.wanted)
	wanted := c.wanted
	c.mu.Unlock()
	if need {
		cn.gc.Cmd.Nick(wanted)
	}
}

// ---- writer sink ----

func (c *Client) isChannel(name string) bool {
	return name != "" && strings.IndexByte(c.chanTypes, name[0]) >= 0
}

func (c *Client) budget(m outMsg) int {
	c.mu.Lock()
	nickLen := max(len(c.nick), len(c.wanted)+2)
	identLen, hostLen := len(c.ident), len(c.host)
	if identLen == 0 {
		identLen = max(len(c.cfg.User)+1, 11)
	}
	if hostLen == 0 {
		hostLen = 63
	}
	cn := c.cur
	c.mu.Unlock()
	overhead := len("PRIVMSG") + 1 + len(m.target) + 2 // "PRIVMSG #chan :"
	if m.cmd == "NOTICE" {
		overhead = len("NOTICE") + 1 + len(m.target) + 2
	}
	b := MaxLine - (1 + nickLen + 1 + identLen + 1 + hostLen + 1) - overhead
	if cn != nil {
		// girc splits again above its own limit; stay below it.
		b = min(b, cn.gc.MaxEventLength()-overhead-1)
	}
	if m.cmd == "ACTION" {
		b -= len("\x01ACTION \x01")
	}
	return max(b, 32)
}

func (c *Client) deliver(m outMsg) bool {
	c.mu.Lock()
	cn := c.cur
	ok := cn != nil && c.registered
	echo, nick, account := c.echo, c.nick, c.account
	isChan := c.isChannel(m.target)
	channel := c.canon(m.target)
	c.mu.Unlock()
	if !ok {
		// a CTCP reply is for now or never: one held for a reconnect would
		// answer a question nobody is waiting on
		return m.cmd == "CTCP"
	}
	gc := cn.gc
	kind := meeting.Message
	switch m.cmd {
	case "PRIVMSG":
		gc.Send(&girc.Event{Command: girc.PRIVMSG, Params: []string{m.target, m.text}})
	case "ACTION":
		kind = meeting.Action
		gc.Send(&girc.Event{Command: girc.PRIVMSG, Params: []string{m.target, "\x01ACTION " + m.text + "\x01"}})
	case "NOTICE":
		kind = meeting.Notice
		gc.Send(&girc.Event{Command: girc.NOTICE, Params: []string{m.target, m.text}})
	case "CTCP": // a CTCP reply; Clean took any \x01 out of the text
		gc.Send(&girc.Event{Command: girc.NOTICE, Params: []string{m.target, "\x01" + m.text + "\x01"}})
		return true
	case "TOPIC":
		gc.Send(&girc.Event{Command: girc.TOPIC, Params: []string{m.target, truncate(m.text, c.budget(m))}})
		return true
	case "NICK":
		gc.Cmd.Nick(m.text)
		return true
	case "JOIN":
		gc.Cmd.Join(m.target)
		return true
	case "PART":
		if m.text != "" {
			gc.Cmd.PartMessage(m.target, m.text)
		} else {
			gc.Cmd.Part(m.target)
		}
		return true
	case "QUIT":
		cn.shutdown(m.text)
		return true
	default:
		return true
	}
	if !echo && isChan {
		c.emit(Event{Type: EventLine, Channel: channel, Self: true, Line: meeting.Line{
			Time: c.cfg.Now().UTC(), Nick: nick, Account: account, Kind: kind, Text: m.text}})
	}
	return true
}

// ---- event dispatch ----

func (c *Client) emit(ev Event) {
	c.evmu.Lock()
	c.seq++
	ev.Seq = c.seq
	c.evq = append(c.evq, ev)
	c.evmu.Unlock()
	c.wakeDispatch()
}

func (c *Client) wakeDispatch() {
	select {
	case c.evwake <- struct{}{}:
	default:
	}
}

func (c *Client) dispatch(done chan struct{}) {
	defer close(done)
	for {
		c.evmu.Lock()
		batch := c.evq
		c.evq = nil
		finished := c.evdone
		c.evmu.Unlock()
		for _, ev := range batch {
			if c.cfg.OnEvent != nil {
				c.cfg.OnEvent(ev)
			}
		}
		if len(batch) == 0 {
			if finished {
				return
			}
			<-c.evwake
		}
	}
}

// ---- debug log ----

type debugWriter struct{ c *Client }

func (w *debugWriter) Write(p []byte) (int, error) {
	s := strings.TrimRight(string(p), "\r\n")
	if strings.Contains(s, "] exec ") || strings.Contains(s, "] done ") || strings.Contains(s, ": reg \"") {
		return len(p), nil // girc's per-handler trace: noise
	}
	w.c.mu.Lock()
	pw := w.c.password
	w.c.mu.Unlock()
	if pw != "" {
		s = strings.ReplaceAll(s, pw, "********")
	}
	if i := strings.Index(strings.ToUpper(s), "IDENTIFY "); i >= 0 {
		s = s[:i] + "IDENTIFY ********"
	}
	w.c.log.Debug("irc", "raw", s)
	return len(p), nil
}
