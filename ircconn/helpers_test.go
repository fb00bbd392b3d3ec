package ircconn

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

// One network for most tests; tests that stop the server start their own.
var (
	sharedOnce sync.Once
	sharedNet  *ircnet.Net
	sharedErr  error
	sharedDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedNet != nil {
		sharedNet.Close()
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

func testNet(t *testing.T) *ircnet.Net {
	t.Helper()
	if err := ircnet.Installed(); err != nil {
		t.Fatalf("inspircd not installed: run the README test command (scripts/test.sh installs inspircd and atheme-services): %v", err)
	}
	sharedOnce.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "ircconn-net-")
		if sharedErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		sharedNet, sharedErr = ircnet.New(ctx, sharedDir)
	})
	if sharedErr != nil {
		t.Fatalf("ircnet: %v", sharedErr)
	}
	return sharedNet
}

var uniq atomic.Int64

// name makes a nick or channel suffix unique within the test binary.
func name(prefix string) string { return fmt.Sprintf("%s%d", prefix, uniq.Add(1)) }

// events collects a Client's events.
type events struct {
	ch  chan Event
	mu  sync.Mutex
	all []Event
}

func (e *events) on(ev Event) {
	e.mu.Lock()
	e.all = append(e.all, ev)
	e.mu.Unlock()
	e.ch <- ev
}

func (e *events) snapshot() []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Event(nil), e.all...)
}

// wait returns the first next event that match accepts.
func (e *events) wait(t *testing.T, timeout time.Duration, what string, match func(Event) bool) Event {
	t.Helper()
	tm := time.NewTimer(timeout)
	defer tm.Stop()
	for {
		select {
		case ev := <-e.ch:
			if match(ev) {
				return ev
			}
		case <-tm.C:
			t.Fatalf("timed out waiting for %s", what)
			return Event{}
		}
	}
}

func (e *events) waitState(t *testing.T, timeout time.Duration, st ConnState) Event {
	t.Helper()
	return e.wait(t, timeout, "state "+st.String(), func(ev Event) bool { return ev.Type == EventState && ev.State == st })
}

func (e *events) waitLine(t *testing.T, timeout time.Duration, what string, match func(Event) bool) Event {
	t.Helper()
	return e.wait(t, timeout, what, func(ev Event) bool { return ev.Type == EventLine && match(ev) })
}

type running struct {
	c      *Client
	ev     *events
	cancel context.CancelFunc
	done   chan struct{} // closed when Run returned
	err    error         // what Run returned
}

// baseConfig connects to n's plain port without pacing.
func baseConfig(n *ircnet.Net, nick string, channels ...string) Config {
	return Config{Server: n.Host, Port: n.Port, Nick: nick, Channels: channels,
		ReconnectMin: 200 * time.Millisecond, ReconnectMax: time.Second, FloodInterval: -1}
}

// start runs a Client for cfg until the test ends.
func start(t *testing.T, cfg Config) *running {
	t.Helper()
	logs := &ircnet.Buffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ev := &events{ch: make(chan Event, 100000)}
	cfg.OnEvent = ev.on
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{c: c, ev: ev, cancel: cancel, done: make(chan struct{})}
	go func() { r.err = c.Run(ctx); close(r.done) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(10 * time.Second):
			t.Errorf("Run did not return after cancel")
		}
		if t.Failed() {
			t.Logf("client log:\n%s", tailLines(logs.String(), 80))
		}
	})
	return r
}

func tailLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// joined waits until the client is connected and has the roster of ch.
func (r *running) joined(t *testing.T, ch string) Event {
	t.Helper()
	r.ev.waitState(t, 15*time.Second, StateConnected)
	return r.ev.wait(t, 10*time.Second, "roster of "+ch, func(ev Event) bool {
		return ev.Type == EventRoster && ev.Channel == ch
	})
}
