package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// TestConnStatusCountsDownAndClears: a dropped connection counts down to
// its retry in the header, its error is in the footer, and both clear
// when the connection is back.
func TestConnStatusCountsDownAndClears(t *testing.T) {
	m := paneModel(t, 100, 24, nil)
	screen := func() string { return ansi.Strip(m.View().Content) }
	at := t0.Add(time.Hour)
	for _, step := range []struct {
		msg       any
		want, not []string
	}{
		{ConnMsg{State: ConnConnecting}, []string{"● connecting"}, nil},
		{ConnMsg{State: ConnConnected, Nick: "alice"}, []string{"● connected"}, nil},
		{ConnMsg{State: ConnDisconnected, Err: "EOF", RetryAt: at.Add(7 * time.Second)}, nil, nil},
		{clockMsg(at), []string{"disconnected, retry in 7s", "disconnected: EOF"}, nil},
		{clockMsg(at.Add(3 * time.Second)), []string{"disconnected, retry in 4s"}, []string{"retry in 7s"}},
		{clockMsg(at.Add(9 * time.Second)), []string{"disconnected, retrying"}, nil},
		{ConnMsg{State: ConnConnecting}, []string{"● connecting"}, []string{"retry"}},
		{ConnMsg{State: ConnConnected}, []string{"● connected"}, []string{"disconnected", "EOF"}},
	} {
		m.Update(step.msg)
		s := screen()
		for _, w := range step.want {
			if !strings.Contains(s, w) {
				t.Fatalf("after %#v the screen lacks %q:\n%s", step.msg, w, s)
			}
		}
		for _, n := range step.not {
			if strings.Contains(s, n) {
				t.Fatalf("after %#v the screen still shows %q:\n%s", step.msg, n, s)
			}
		}
	}
	// A status of another kind stays when the connection comes back.
	m.Update(StatusMsg("minutes written"))
	m.Update(ConnMsg{State: ConnConnected})
	if !strings.Contains(screen(), "minutes written") {
		t.Fatal("a reconnect cleared a status that was not the connection's")
	}
}
