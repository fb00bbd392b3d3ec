package ircconn

import (
	"bufio"
	"net"
	"strings"
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
// ask for the channel's latest lines (up to its CHATHISTORY limit) after
// joining, and mark the answer's lines Recovered; so are bouncer playback
// lines older than our JOIN, without a batch. Live lines are not.
func TestChatHistoryTranscript(t *testing.T) {
	asked := make(chan string, 1)
	host, port := fakeServer(t, "CHATHISTORY=50 CHANTYPES=#", func(w func(string), line string) {
		switch {
		case strings.HasPrefix(line, "JOIN #c"):
			w("@time=2026-12-01T12:00:00.000Z :gavelbot!u@h JOIN #c")
			w("@time=2026-11-30T23:00:00.000Z;msgid=p1 :bob!u@h PRIVMSG #c :bouncer playback")
			w(":srv 366 gavelbot #c :End of /NAMES list.")
		case strings.HasPrefix(line, "CHATHISTORY "):
			asked <- line
			w("@time=2026-12-01T12:00:00.100Z :srv BATCH +h1 chathistory #c")
			w("@time=2026-12-01T11:59:01.000Z;msgid=h1;batch=h1 :alice!u@h PRIVMSG #c :from history 1")
			w("@time=2026-12-01T11:59:02.000Z;msgid=h2;batch=h1 :bob!u@h PRIVMSG #c :\x01ACTION from history 2\x01")
			w("@time=2026-12-01T12:00:00.200Z :srv BATCH -h1")
			w("@time=2026-12-01T12:00:01.000Z;msgid=l1 :alice!u@h PRIVMSG #c :live")
		}
	})
	cfg := Config{Server: host, Port: port, Nick: "gavelbot", Channels: []string{"#c"},
		ReconnectMin: time.Hour, FloodInterval: -1}
	r := start(t, cfg)
	var lines []meeting.Line
	for len(lines) < 4 {
		ev := r.ev.waitLine(t, 10*time.Second, "lines", func(ev Event) bool { return ev.Line.Kind != meeting.Join })
		lines = append(lines, ev.Line)
	}
	select {
	case q := <-asked:
		if q != "CHATHISTORY LATEST #c * 50" {
			t.Fatalf("asked %q", q)
		}
	default:
		t.Fatal("no CHATHISTORY request")
	}
	want := []struct {
		id        string
		kind      meeting.Kind
		recovered bool
	}{{"p1", meeting.Message, true}, {"h1", meeting.Message, true}, {"h2", meeting.Action, true}, {"l1", meeting.Message, false}}
	for i, w := range want {
		if l := lines[i]; l.MsgID != w.id || l.Kind != w.kind || l.Recovered != w.recovered {
			t.Fatalf("line %d: %+v, want %s %s recovered=%v", i, l, w.id, w.kind, w.recovered)
		}
	}
}
