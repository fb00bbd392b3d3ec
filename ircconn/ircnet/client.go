package ircnet

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Msg is one parsed line from the server.
type Msg struct {
	Raw     string
	Tags    map[string]string
	Nick    string // source nick (or server name)
	Source  string // full source (nick!user@host)
	Command string
	Params  []string
}

// Last is the last parameter (the trailing text) or "".
func (m Msg) Last() string {
	if len(m.Params) == 0 {
		return ""
	}
	return m.Params[len(m.Params)-1]
}

// Param returns parameter i or "".
func (m Msg) Param(i int) string {
	if i < len(m.Params) {
		return m.Params[i]
	}
	return ""
}

// Parse parses a raw IRC line (without CR LF).
func Parse(line string) Msg {
	m := Msg{Raw: line}
	s := line
	if strings.HasPrefix(s, "@") {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return m
		}
		m.Tags = map[string]string{}
		for _, kv := range strings.Split(s[1:i], ";") {
			k, v, _ := strings.Cut(kv, "=")
			m.Tags[k] = v
		}
		s = strings.TrimLeft(s[i+1:], " ")
	}
	if strings.HasPrefix(s, ":") {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return m
		}
		m.Source = s[1:i]
		m.Nick, _, _ = strings.Cut(m.Source, "!")
		s = strings.TrimLeft(s[i+1:], " ")
	}
	for s != "" {
		if strings.HasPrefix(s, ":") && m.Command != "" {
			m.Params = append(m.Params, s[1:])
			break
		}
		word, rest, _ := strings.Cut(s, " ")
		if m.Command == "" {
			m.Command = strings.ToUpper(word)
		} else {
			m.Params = append(m.Params, word)
		}
		s = strings.TrimLeft(rest, " ")
	}
	return m
}

// Client is a minimal raw IRC client for tests: it answers PING and hands
// every other line to the test in order.
type Client struct {
	Nick string

	conn  net.Conn
	wmu   sync.Mutex
	lines chan Msg
	done  chan struct{}
	err   error
}

// DialOptions tune Net.DialWith.
type DialOptions struct {
	// Caps are IRCv3 capabilities to request (all must be ACKed).
	Caps []string
	// SASL logs in with SASL PLAIN when Account is set.
	Account, Password string
	// TLS connects to the TLS port, trusting the test CA. CertFile and
	// KeyFile add a client certificate (see Net.ClientCert).
	TLS               bool
	CertFile, KeyFile string
	// User and RealName default to the nick.
	User, RealName string
}

// Dial connects a raw client as nick and waits for 001 (about 1 s:
// InspIRCd completes registration on its once-a-second tick). The
// connection is closed when the test ends.
func (n *Net) Dial(t testing.TB, nick string) *Client {
	t.Helper()
	return n.DialWith(t, nick, DialOptions{})
}

// DialWith is Dial with options.
func (n *Net) DialWith(t testing.TB, nick string, o DialOptions) *Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	c, err := n.Connect(ctx, nick, o)
	if err != nil {
		t.Fatalf("ircnet: dial %s: %v", nick, err)
	}
	t.Cleanup(c.Close)
	return c
}

// Connect is Dial without a testing.TB.
func (n *Net) Connect(ctx context.Context, nick string, o DialOptions) (*Client, error) {
	var d net.Dialer
	var conn net.Conn
	var err error
	if o.TLS {
		tc := &tls.Config{RootCAs: n.CAPool, ServerName: ServerName}
		if o.CertFile != "" {
			cert, err := tls.LoadX509KeyPair(o.CertFile, o.KeyFile)
			if err != nil {
				return nil, err
			}
			tc.Certificates = []tls.Certificate{cert}
		}
		td := tls.Dialer{NetDialer: &d, Config: tc}
		conn, err = td.DialContext(ctx, "tcp", n.TLSAddr())
	} else {
		conn, err = d.DialContext(ctx, "tcp", n.Addr())
	}
	if err != nil {
		return nil, err
	}
	c := &Client{Nick: nick, conn: conn, lines: make(chan Msg, 4096), done: make(chan struct{})}
	go c.readLoop()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := c.register(ctx, o); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func (c *Client) register(ctx context.Context, o DialOptions) error {
	user, real := o.User, o.RealName
	if user == "" {
		user = c.Nick
	}
	if real == "" {
		real = c.Nick
	}
	caps := append([]string(nil), o.Caps...)
	if o.Account != "" {
		caps = append(caps, "sasl")
	}
	if len(caps) > 0 {
		c.Send("CAP LS 302")
	}
	c.Send("NICK " + c.Nick)
	c.Send("USER " + user + " 0 * :" + real)
	if len(caps) > 0 {
		c.Send("CAP REQ :" + strings.Join(caps, " "))
		m, err := c.waitCtx(ctx, func(m Msg) bool {
			return m.Command == "CAP" && (m.Param(1) == "ACK" || m.Param(1) == "NAK")
		})
		if err != nil {
			return err
		}
		if m.Param(1) == "NAK" {
			return fmt.Errorf("caps refused: %s", m.Raw)
		}
		if o.Account != "" {
			c.Send("AUTHENTICATE PLAIN")
			if _, err := c.waitCtx(ctx, func(m Msg) bool { return m.Command == "AUTHENTICATE" }); err != nil {
				return err
			}
			c.Send("AUTHENTICATE " + base64.StdEncoding.EncodeToString([]byte(o.Account+"\x00"+o.Account+"\x00"+o.Password)))
			m, err := c.waitCtx(ctx, func(m Msg) bool { return m.Command == "903" || m.Command == "904" || m.Command == "902" })
			if err != nil {
				return err
			}
			if m.Command != "903" {
				return fmt.Errorf("SASL failed: %s", m.Raw)
			}
		}
		c.Send("CAP END")
	}
	m, err := c.waitCtx(ctx, func(m Msg) bool {
		return m.Command == "001" || m.Command == "433" || m.Command == "432" || m.Command == "ERROR"
	})
	if err != nil {
		return err
	}
	if m.Command != "001" {
		return fmt.Errorf("registration refused: %s", m.Raw)
	}
	return nil
}

func (c *Client) readLoop() {
	defer close(c.done)
	r := bufio.NewReaderSize(c.conn, 16384)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			c.err = err
			close(c.lines)
			return
		}
		line = strings.TrimRight(line, "\r\n")
		m := Parse(line)
		if m.Command == "PING" {
			c.Send("PONG :" + m.Last())
			continue
		}
		select {
		case c.lines <- m:
		default: // the test stopped reading; drop rather than deadlock
		}
	}
}

// Send writes one raw line (CR LF appended). Errors are ignored: a test
// notices a dead connection when the expected reply does not arrive.
func (c *Client) Send(line string) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, _ = c.conn.Write([]byte(line + "\r\n"))
}

// Sendf is Send with formatting.
func (c *Client) Sendf(format string, args ...any) { c.Send(fmt.Sprintf(format, args...)) }

// Privmsg sends a PRIVMSG.
func (c *Client) Privmsg(target, text string) { c.Send("PRIVMSG " + target + " :" + text) }

// Notice sends a NOTICE.
func (c *Client) Notice(target, text string) { c.Send("NOTICE " + target + " :" + text) }

// Action sends a CTCP ACTION (/me).
func (c *Client) Action(target, text string) {
	c.Send("PRIVMSG " + target + " :\x01ACTION " + text + "\x01")
}

// Join joins channel and waits for the end of its NAMES list.
func (c *Client) Join(t testing.TB, channel string) {
	t.Helper()
	c.Send("JOIN " + channel)
	c.Expect(t, 10*time.Second, func(m Msg) bool {
		return m.Command == "366" && strings.EqualFold(m.Param(1), channel)
	})
}

// Quit sends QUIT and waits for the server to close the connection.
func (c *Client) Quit(reason string) {
	c.Send("QUIT :" + reason)
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
	}
	c.Close()
}

// Close closes the connection.
func (c *Client) Close() { c.conn.Close() }

// ErrTimeout is returned when no matching line arrived in time.
var ErrTimeout = errors.New("ircnet: timed out waiting for a line")

// Next returns the next line, waiting at most timeout.
func (c *Client) Next(timeout time.Duration) (Msg, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case m, ok := <-c.lines:
		if !ok {
			return Msg{}, fmt.Errorf("ircnet: connection closed: %v", c.err)
		}
		return m, nil
	case <-t.C:
		return Msg{}, ErrTimeout
	}
}

// WaitFor reads lines until match accepts one (lines before it are
// discarded) or timeout passes.
func (c *Client) WaitFor(timeout time.Duration, match func(Msg) bool) (Msg, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return c.waitCtx(ctx, match)
}

func (c *Client) waitCtx(ctx context.Context, match func(Msg) bool) (Msg, error) {
	for {
		select {
		case m, ok := <-c.lines:
			if !ok {
				return Msg{}, fmt.Errorf("ircnet: connection closed: %v", c.err)
			}
			if match(m) {
				return m, nil
			}
		case <-ctx.Done():
			return Msg{}, ErrTimeout
		}
	}
}

// Expect is WaitFor that fails the test on timeout.
func (c *Client) Expect(t testing.TB, timeout time.Duration, match func(Msg) bool) Msg {
	t.Helper()
	m, err := c.WaitFor(timeout, match)
	if err != nil {
		t.Fatalf("ircnet: %s: %v", c.Nick, err)
	}
	return m
}

// Collect returns every line that arrives within d.
func (c *Client) Collect(d time.Duration) []Msg {
	var out []Msg
	deadline := time.Now().Add(d)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return out
		}
		m, err := c.Next(left)
		if err != nil {
			return out
		}
		out = append(out, m)
	}
}

// RegisterAccount registers a NickServ account named nick with password
// pass (connecting a raw client as nick for it) and waits for NickServ's
// confirmation.
func (n *Net) RegisterAccount(ctx context.Context, nick, pass string) error {
	return n.RegisterAccountWith(ctx, nick, pass, DialOptions{})
}

// RegisterAccountWith is RegisterAccount connecting with o. With a client
// certificate (o.TLS, o.CertFile) its fingerprint is added to the account
// (NickServ CERT ADD), so SASL EXTERNAL works with it.
func (n *Net) RegisterAccountWith(ctx context.Context, nick, pass string, o DialOptions) error {
	c, err := n.Connect(ctx, nick, o)
	if err != nil {
		return err
	}
	defer c.Close()
	c.Privmsg("NickServ", "REGISTER "+pass+" "+nick+"@example.invalid")
	m, err := c.waitCtx(ctx, func(m Msg) bool {
		return m.Command == "NOTICE" && strings.EqualFold(m.Nick, "NickServ")
	})
	if err != nil {
		return fmt.Errorf("NickServ REGISTER %s: %w", nick, err)
	}
	if !strings.Contains(m.Last(), "is now registered") {
		return fmt.Errorf("NickServ REGISTER %s: %s", nick, m.Last())
	}
	if o.CertFile != "" {
		fp, err := Fingerprint(o.CertFile)
		if err != nil {
			return err
		}
		c.Privmsg("NickServ", "CERT ADD "+fp)
		m, err := c.waitCtx(ctx, func(m Msg) bool {
			return m.Command == "NOTICE" && strings.EqualFold(m.Nick, "NickServ") && strings.Contains(m.Last(), "fingerprint")
		})
		if err != nil {
			return fmt.Errorf("NickServ CERT ADD %s: %w", nick, err)
		}
		if !strings.Contains(strings.ToLower(m.Last()), "added") {
			return fmt.Errorf("NickServ CERT ADD %s: %s", nick, m.Last())
		}
	}
	c.Send("QUIT :registered")
	return nil
}

// MustRegister is RegisterAccount that fails the test on error.
func (n *Net) MustRegister(t testing.TB, nick, pass string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := n.RegisterAccount(ctx, nick, pass); err != nil {
		t.Fatalf("ircnet: %v", err)
	}
}
