package ircnet

import (
	"context"
	"crypto/tls"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	m := Parse("@time=2026-01-02T03:04:05.000Z;account=alice :alice!a@127.0.0.1 PRIVMSG #c :hello  world")
	if m.Tags["account"] != "alice" || m.Nick != "alice" || m.Command != "PRIVMSG" || m.Param(0) != "#c" || m.Last() != "hello  world" {
		t.Fatalf("parse: %+v", m)
	}
	m = Parse("PING :irc.localhost")
	if m.Command != "PING" || m.Last() != "irc.localhost" {
		t.Fatalf("parse: %+v", m)
	}
}

// TestNetwork checks the whole harness: two clients talk over the plain
// port, an account registers and logs in with SASL over TLS, and the
// server restarts on the same ports with services relinked.
func TestNetwork(t *testing.T) {
	n := Start(t)
	n.MustRegister(t, "acct", "s3cret-pass")

	a := n.Dial(t, "alice")
	b := n.DialWith(t, "bob", DialOptions{Caps: []string{"server-time", "account-tag", "extended-join"},
		Account: "acct", Password: "s3cret-pass", TLS: true})
	a.Join(t, "#test")
	b.Join(t, "#test")
	a.Expect(t, 5*time.Second, func(m Msg) bool { return m.Command == "JOIN" && m.Nick == "bob" })
	b.Privmsg("#test", "hi there")
	m := a.Expect(t, 5*time.Second, func(m Msg) bool { return m.Command == "PRIVMSG" })
	if m.Last() != "hi there" || m.Nick != "bob" {
		t.Fatalf("got %q", m.Raw)
	}

	// TLS verifies against the test CA.
	conn, err := tls.Dial("tcp", n.TLSAddr(), &tls.Config{RootCAs: n.CAPool, ServerName: ServerName})
	if err != nil {
		t.Fatalf("tls: %v", err)
	}
	conn.Close()

	n.Stop()
	if _, err := a.WaitFor(5*time.Second, func(Msg) bool { return false }); err == nil || err == ErrTimeout {
		t.Fatalf("connection should be closed after Stop, got %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := n.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	// Fresh services DB is kept across an ircd restart: the account still works.
	c := n.DialWith(t, "carol", DialOptions{Account: "acct", Password: "s3cret-pass"})
	c.Privmsg("NickServ", "INFO acct")
	got := c.Expect(t, 5*time.Second, func(m Msg) bool { return m.Command == "NOTICE" && m.Nick == "NickServ" })
	if !strings.Contains(got.Last(), "acct") {
		t.Fatalf("NickServ INFO: %q", got.Raw)
	}
}
