package ircconn

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
	"github.com/gavel-irc/gavel/meeting"
)

// TestHistoryOnJoin: on InspIRCd with chanhistory, the lines replayed when
// we join are marked Recovered and carry their msgid; lines said after are
// live.
func TestHistoryOnJoin(t *testing.T) {
	n := ircnet.StartWith(t, ircnet.Options{ChanHistory: true})
	ch := "#hist"
	a := n.Dial(t, "alice")
	a.Join(t, ch)
	a.Privmsg(ch, "said before 1")
	a.Privmsg(ch, "said before 2")
	a.Send("PING :sync")
	a.Expect(t, 5*time.Second, func(m ircnet.Msg) bool { return m.Command == "PONG" })

	r := start(t, baseConfig(n, "gavelbot", ch))
	var got []Event
	for len(got) < 2 {
		got = append(got, r.ev.waitLine(t, 15*time.Second, "replayed lines", func(ev Event) bool { return ev.Line.Kind == meeting.Message }))
	}
	a.Privmsg(ch, "said after")
	got = append(got, r.ev.waitLine(t, 15*time.Second, "live line", func(ev Event) bool { return ev.Line.Text == "said after" }))
	for i, want := range []struct {
		text      string
		recovered bool
	}{{"said before 1", true}, {"said before 2", true}, {"said after", false}} {
		l := got[i].Line
		if l.Text != want.text || l.Recovered != want.recovered || l.MsgID == "" || l.MsgID != got[i].MsgID {
			t.Fatalf("line %d: %+v, want %q recovered=%v with a msgid", i, l, want.text, want.recovered)
		}
	}
}

// fakeServer accepts one client and plays a transcript: it answers
// registration itself and hands every later client line to play.
func fakeServer(t *testing.T, isupport string, play func(w func(string), line string)) (host string, port int) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		w := func(s string) { conn.Write([]byte(s + "\r\n")) }
		sc := bufio.NewScanner(conn)
		nick := "*"
		for sc.Scan() {
			line := sc.Text()
			cmd, rest, _ := strings.Cut(line, " ")
			switch cmd {
			case "CAP":
				switch {
				case strings.HasPrefix(rest, "LS"):
					w(":srv CAP * LS :batch draft/chathistory message-tags server-time")
				case strings.HasPrefix(rest, "REQ"):
					w(":srv CAP * ACK :" + strings.TrimPrefix(strings.SplitN(rest, ":", 2)[1], ""))
				case rest == "END":
					w(":srv 001 " + nick + " :welcome")
					w(":srv 005 " + nick + " " + isupport + " :are supported")
					w(":srv 422 " + nick + " :no MOTD")
				}
			case "NICK":
				nick = rest
			case "USER", "PING", "PONG", "MODE", "WHO":
			default:
				play(w, line)
			}
		}
	}()
	a := l.Addr().(*net.TCPAddr)
	return a.IP.String(), a.Port
}

// TestChatHistoryTranscript: where the server offers draft/chathistory we
// ask, after joining, for what was said since HistorySince (page after
// page while answers come back full, up to the server's CHATHISTORY limit
// each), or for the latest lines without it; the answers' lines are marked
// Recovered, and so are bouncer playback lines older than our JOIN, without
// a batch. Live lines are not.
func TestChatHistoryTranscript(t *testing.T) {
	page := func(ref string, ids ...string) []string {
		out := []string{"@time=2026-12-01T12:00:00.100Z :srv BATCH +" + ref + " chathistory #c"}
		for i, id := range ids {
			out = append(out, fmt.Sprintf("@time=2026-12-01T11:59:0%d.000Z;msgid=%s;batch=%s :alice!u@h PRIVMSG #c :history %s", i+1, id, ref, id))
		}
		return append(out, "@time=2026-12-01T12:00:00.200Z :srv BATCH -"+ref)
	}
	cases := []struct {
		name     string
		isupport string
		since    time.Time
		pages    [][]string // the answer to each request, in turn
		asked    []string
		ids      []string // recovered lines' msgids, in order
	}{
		{"latest, one page", "CHATHISTORY=50", time.Time{},
			[][]string{page("a", "h1", "h2")},
			[]string{"CHATHISTORY LATEST #c * 50"}, []string{"p1", "h1", "h2"}},
		{"after a time, two pages", "CHATHISTORY=2", time.Date(2026, 12, 1, 11, 59, 0, 0, time.UTC),
			[][]string{page("a", "h1", "h2"), page("b", "h3")},
			[]string{"CHATHISTORY AFTER #c timestamp=2026-12-01T11:59:00.000Z 2", "CHATHISTORY AFTER #c msgid=h2 2"},
			[]string{"p1", "h1", "h2", "h3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var asked []string
			host, port := fakeServer(t, tc.isupport+" CHANTYPES=#", func(w func(string), line string) {
				switch {
				case strings.HasPrefix(line, "JOIN #c"):
					w("@time=2026-12-01T12:00:00.000Z :gavelbot!u@h JOIN #c")
					w("@time=2026-11-30T23:00:00.000Z;msgid=p1 :bob!u@h PRIVMSG #c :bouncer playback")
					w(":srv 366 gavelbot #c :End of /NAMES list.")
				case strings.HasPrefix(line, "CHATHISTORY "):
					mu.Lock()
					asked = append(asked, line)
					n := len(asked)
					mu.Unlock()
					if n <= len(tc.pages) {
						for _, l := range tc.pages[n-1] {
							w(l)
						}
					}
					if n == len(tc.pages) {
						w("@time=2026-12-01T12:00:01.000Z;msgid=l1 :alice!u@h PRIVMSG #c :live")
					}
				}
			})
			cfg := Config{Server: host, Port: port, Nick: "gavelbot", Channels: []string{"#c"},
				ReconnectMin: time.Hour, FloodInterval: -1}
			if !tc.since.IsZero() {
				cfg.HistorySince = func(ch string) time.Time { return tc.since }
			}
			r := start(t, cfg)
			var got []string
			for {
				ev := r.ev.waitLine(t, 10*time.Second, "lines", func(ev Event) bool { return ev.Line.Kind != meeting.Join })
				if !ev.Line.Recovered {
					if ev.Line.MsgID != "l1" {
						t.Fatalf("live line %+v", ev.Line)
					}
					break
				}
				got = append(got, ev.Line.MsgID)
			}
			time.Sleep(200 * time.Millisecond) // a request too many would be in by now
			mu.Lock()
			defer mu.Unlock()
			if strings.Join(asked, "|") != strings.Join(tc.asked, "|") {
				t.Fatalf("asked %q, want %q", asked, tc.asked)
			}
			if strings.Join(got, " ") != strings.Join(tc.ids, " ") {
				t.Fatalf("recovered %v, want %v", got, tc.ids)
			}
		})
	}
}
