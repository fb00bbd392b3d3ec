package ircconn

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/ircconn/irctext"
)

func TestSplit(t *testing.T) {
	long := strings.Repeat("word ", 2000)
	for _, tc := range []struct {
		name string
		text string
		max  int
	}{
		{"short", "hello", 100},
		{"exact", strings.Repeat("x", 100), 100},
		{"ascii no spaces", strings.Repeat("x", 1000), 100},
		{"words", long, 400},
		{"two-byte runes", strings.Repeat("é", 700), 101},
		{"three-byte runes", strings.Repeat("€", 500), 100},
		{"four-byte runes", strings.Repeat("😀", 300), 99},
		{"mixed", strings.Repeat("a€😀é ", 400), 37},
		{"tiny max", "€€€€", 1},
		{"empty", "", 10},
		{"8KB", strings.Repeat("0123456789abcdef€", 8192/18), 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pieces := Split(tc.text, tc.max)
			limit := max(tc.max, utf8.UTFMax)
			if strings.Join(pieces, "") != tc.text {
				t.Fatalf("pieces do not join back to the text")
			}
			for i, p := range pieces {
				if len(p) > limit {
					t.Errorf("piece %d is %d bytes > %d", i, len(p), limit)
				}
				if !utf8.ValidString(p) {
					t.Errorf("piece %d cut inside a rune: %q", i, p)
				}
				if len(pieces) > 1 && p == "" {
					t.Errorf("empty piece %d", i)
				}
			}
			if tc.text != "" && len(pieces) != 1 {
				// Pieces are not needlessly small: each but the last
				// is at least half the limit.
				for i, p := range pieces[:len(pieces)-1] {
					if len(p) < limit/2-utf8.UTFMax {
						t.Errorf("piece %d only %d bytes", i, len(p))
					}
				}
			}
		})
	}
}

func TestSplitCleanNoControl(t *testing.T) {
	text := irctext.Clean(strings.Repeat("a\r\nb\x00c\nd ", 500))
	for _, p := range Split(text, 50) {
		if strings.ContainsAny(p, "\r\n\x00") {
			t.Fatalf("control byte in %q", p)
		}
	}
}

func TestSecret(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "pw")
	if err := os.WriteFile(file, []byte("file-pass\nsecond line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmdFile := filepath.Join(dir, "cmd")
	if err := os.WriteFile(cmdFile, []byte("cmd-pass\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("IRCCONN_TEST_PW", "env-pass")
	for _, tc := range []struct {
		s    Secret
		want string
	}{
		{SecretEnv("IRCCONN_TEST_PW"), "env-pass"},
		{SecretFile(file), "file-pass"},
		{SecretCommand("cat " + cmdFile), "cmd-pass"},
		{SecretValue("value-pass"), "value-pass"},
	} {
		got, err := tc.s.Reveal(context.Background())
		if err != nil || got != tc.want {
			t.Errorf("%v: got %q, %v; want %q", tc.s, got, err, tc.want)
		}
		var logBuf bytes.Buffer
		slog.New(slog.NewTextHandler(&logBuf, nil)).Info("x", "pw", tc.s, "cfg", Config{Password: tc.s})
		for _, shown := range []string{fmt.Sprint(tc.s), fmt.Sprintf("%+v %#v %q %s", tc.s, tc.s, tc.s, tc.s),
			fmt.Sprintf("%+v", Config{Password: tc.s}), logBuf.String()} {
			if strings.Contains(shown, tc.want) {
				t.Errorf("secret value shown: %s", shown)
			}
		}
	}
	for _, bad := range []Secret{SecretEnv("IRCCONN_TEST_UNSET_VAR"), SecretFile(filepath.Join(dir, "missing")), SecretCommand("exit 3"), {}} {
		if _, err := bad.Reveal(context.Background()); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	if _, err := ParseSecret("hunter2"); err == nil {
		t.Error("ParseSecret accepted a literal password")
	}
	if s, err := ParseSecret("env:X"); err != nil || s.String() != "env:X" {
		t.Errorf("ParseSecret(env:X) = %v, %v", s, err)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"no server", Config{Nick: "gavel"}},
		{"bad nick", Config{Server: "x", Nick: "1 bad"}},
		{"plain without password", Config{Server: "x", Nick: "gavel", SASL: "plain"}},
		{"unknown mech", Config{Server: "x", Nick: "gavel", SASL: "scram", Password: SecretValue("p")}},
		{"external without cert", Config{Server: "x", Nick: "gavel", SASL: "external", TLS: true}},
		{"bad channel", Config{Server: "x", Nick: "gavel", Channels: []string{"#a b"}}},
	} {
		if _, err := New(tc.cfg); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}

// TestSayNeverBlocks: with no connection at all and strict pacing, Say
// and friends return at once, whatever the queue holds.
func TestSayNeverBlocks(t *testing.T) {
	c, err := New(Config{Server: "127.0.0.1", Port: 1, Nick: "gavel", FloodBurst: 1, FloodInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for i := range 20000 {
		c.Say("#chan", fmt.Sprintf("line %d %s", i, strings.Repeat("x", 600)))
		c.Action("#chan", "waves")
		c.Notice("#chan", "note")
		c.SetTopic("#chan", "topic")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("80000 sends took %v", d)
	}
	if c.Pending() != 80000 {
		t.Fatalf("pending %d", c.Pending())
	}
}

type fakeSink struct {
	mu    sync.Mutex
	start time.Time
	at    []time.Duration
	lines []outMsg
	ready bool
}

func (f *fakeSink) budget(outMsg) int { return 50 }
func (f *fakeSink) deliver(m outMsg) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.ready {
		return false
	}
	f.at = append(f.at, time.Since(f.start))
	f.lines = append(f.lines, m)
	return true
}

// TestPacing: burst lines go at once, then one per interval, in order;
// long messages are split before pacing and pieces stay together.
func TestPacing(t *testing.T) {
	q := newSendQueue(3, 60*time.Millisecond)
	f := &fakeSink{start: time.Now(), ready: true}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go q.run(ctx, f)
	begin := time.Now()
	q.push(outMsg{cmd: "PRIVMSG", target: "#c", text: strings.Repeat("a", 120)}) // 3 pieces
	for i := range 4 {
		q.push(outMsg{cmd: "PRIVMSG", target: "#c", text: fmt.Sprint("m", i)})
	}
	if time.Since(begin) > 10*time.Millisecond {
		t.Fatal("push blocked")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		f.mu.Lock()
		n := len(f.lines)
		f.mu.Unlock()
		if n == 7 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d lines delivered", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	want := []string{"a", "a", "a", "m0", "m1", "m2", "m3"}
	for i, m := range f.lines {
		if !strings.HasPrefix(m.text, want[i]) || len(m.text) > 50 {
			t.Errorf("line %d = %q", i, m.text)
		}
	}
	for i := 0; i < 3; i++ {
		if f.at[i] > 40*time.Millisecond {
			t.Errorf("burst line %d at %v", i, f.at[i])
		}
	}
	// A token bucket keeps the rate, not each gap: a line the scheduler
	// delayed lets the next one follow sooner. So line i (after the burst
	// of 3) goes no sooner than i-2 intervals after the first.
	for i := 3; i < 7; i++ {
		if since := f.at[i] - f.at[0]; since < time.Duration(i-2)*60*time.Millisecond-5*time.Millisecond {
			t.Errorf("line %d only %v after the first: faster than one line per 60ms", i, since)
		}
	}
}

// TestQueueHoldsWhileDisconnected: nothing is lost while not connected.
func TestQueueHoldsWhileDisconnected(t *testing.T) {
	q := newSendQueue(10, 0)
	f := &fakeSink{start: time.Now()}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go q.run(ctx, f)
	q.push(outMsg{cmd: "PRIVMSG", target: "#c", text: "one"})
	q.push(outMsg{cmd: "PRIVMSG", target: "#c", text: "two"})
	time.Sleep(50 * time.Millisecond)
	f.mu.Lock()
	f.ready = true
	f.mu.Unlock()
	q.poke()
	deadline := time.Now().Add(3 * time.Second)
	for q.len() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.lines) != 2 || f.lines[0].text != "one" || f.lines[1].text != "two" {
		t.Fatalf("delivered %+v", f.lines)
	}
}
