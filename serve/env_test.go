package serve

import (
	"context"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"
)

// quitModel ends its program at once.
type quitModel struct{}

func (quitModel) Init() tea.Cmd                       { return tea.Quit }
func (quitModel) Update(tea.Msg) (tea.Model, tea.Cmd) { return quitModel{}, nil }
func (quitModel) View() tea.View                      { return tea.NewView("") }

// TestSessionEnv: the environment the client sends (ssh SetEnv, where a
// reader's NO_COLOR travels) reaches the App's Session, and a client that
// sends none gives none.
func TestSessionEnv(t *testing.T) {
	got := make(chan Session, 2)
	srv, err := New(Config{Listen: "127.0.0.1:0", HostKey: filepath.Join(t.TempDir(), "host_key"),
		App: func(s Session) tea.Model { got <- s; return quitModel{} }})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	ctx, cancel := context.WithCancel(t.Context())
	go func() { done <- srv.Serve(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	for _, tc := range []struct {
		env  map[string]string
		want []string
	}{
		{map[string]string{"NO_COLOR": "1"}, []string{"NO_COLOR=1"}},
		{nil, nil},
	} {
		c, err := gossh.Dial("tcp", srv.Addr(), &gossh.ClientConfig{User: "reader",
			HostKeyCallback: func(string, net.Addr, gossh.PublicKey) error { return nil }, Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range tc.env {
			if err := sess.Setenv(k, v); err != nil {
				t.Fatalf("setenv %s: %v", k, err)
			}
		}
		if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		if err := sess.Shell(); err != nil {
			t.Fatal(err)
		}
		select {
		case s := <-got:
			for _, w := range tc.want {
				if !slices.Contains(s.Env, w) {
					t.Errorf("session env %q lacks %q", s.Env, w)
				}
			}
			if tc.want == nil && slices.ContainsFunc(s.Env, func(kv string) bool { return strings.HasPrefix(kv, "NO_COLOR=") }) {
				t.Errorf("session env %q has NO_COLOR the client did not send", s.Env)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the app was never started for the session")
		}
		sess.Close()
		c.Close()
	}
}
