package meeting

import (
	"reflect"
	"strings"
	"testing"
)

const start = "10:00:00 <alice> #startmeeting Weekly sync"

func TestItemCommands(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string // types(Items())
	}{
		{"info", []string{"10:00:05 <bob> #info hello world"}, "INFO:hello world"},
		{"idea", []string{"10:00:05 <bob> #idea use go"}, "IDEA:use go"},
		{"action", []string{"10:00:05 <bob> #action bob writes it"}, "ACTION:bob writes it"},
		{"link", []string{"10:00:05 <bob> #link https://x.org docs"}, "LINK:https://x.org docs"},
		{"help", []string{"10:00:05 <bob> #help need reviewers"}, "HELP:need reviewers"},
		{"halp alias", []string{"10:00:05 <bob> #halp need reviewers"}, "HELP:need reviewers"},
		{"case-insensitive", []string{"10:00:05 <bob> #INFO loud", "10:00:06 <bob> #Idea mixed"}, "INFO:loud | IDEA:mixed"},
		{"brackets", []string{"10:00:05 <alice> [TOPIC] budget", "10:00:06 <bob> [action] bob pays"}, "TOPIC:budget | ACTION:bob pays"},
		{"colon after name kept as MeetBot does", []string{"10:00:05 <bob> #info: x"}, "INFO:: x"},
		{"topic by chair", []string{"10:00:05 <alice> #topic Budget"}, "TOPIC:Budget"},
		{"agreed by owner", []string{"10:00:05 <alice> #agreed ship it"}, "AGREED:ship it"},
		{"agree alias", []string{"10:00:05 <alice> #agree ship it"}, "AGREED:ship it"},
		{"accepted and alias", []string{"10:00:05 <alice> #accepted a", "10:00:06 <alice> #accept b"}, "ACCEPTED:a | ACCEPTED:b"},
		{"rejected and alias", []string{"10:00:05 <alice> #rejected a", "10:00:06 <alice> #reject b"}, "REJECTED:a | REJECTED:b"},
		{"url line is a link", []string{"10:00:05 <bob> https://example.org/x see this"}, "LINK:https://example.org/x see this"},
		{"url later in line is not", []string{"10:00:05 <bob> see https://example.org/x"}, ""},
		{"bare mailto is not (MeetBot needs //)", []string{"10:00:05 <bob> mailto:a@b.c"}, ""},
		{"hash not first", []string{"10:00:05 <bob>  #info indented"}, ""},
		{"issue number", []string{"10:00:05 <bob> #1234 is fixed"}, ""},
		{"digits in name", []string{"10:00:05 <bob> #info2 x"}, ""},
		{"channel name", []string{"10:00:05 <bob> #test is where we meet"}, ""},
		{"unknown command", []string{"10:00:05 <bob> #frobnicate x"}, ""},
		{"infox is not info", []string{"10:00:05 <bob> #infox x"}, ""},
		{"actions never command", []string{"10:00:05 * bob #info from a /me"}, ""},
		{"bot lines never command", []string{"10:00:05 <gavel> #info from the bot"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _, _ := fold(t, append([]string{start}, tc.lines...)...)
			if got := types(m.Items()); got != tc.want {
				t.Fatalf("items = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestChairOnlyCommandsIgnoredFromOthers(t *testing.T) {
	for _, cmd := range []string{"#topic x", "#agreed x", "#agree x", "#accepted x", "#accept x", "#rejected x",
		"#reject x", "#endmeeting", "#chair mallory", "#unchair alice", "#undo", "#save", "#lurk",
		"#meetingtopic x", "#restrictlogs", "#endvote", "#voters a", "#votesrequired 3"} {
		t.Run(cmd, func(t *testing.T) {
			m, said, effects := fold(t, start, "10:00:01 <alice> #info keep me", "10:00:02 <mallory> "+cmd)
			if len(said) != 2 { // the two start lines only
				t.Fatalf("non-chair %q got replies %q", cmd, said)
			}
			for _, e := range effects {
				switch e.(type) {
				case WriteFiles, SetTopic:
					t.Fatalf("non-chair %q caused %#v", cmd, e)
				}
			}
			if !m.Running() || types(m.Items()) != "INFO:keep me" || !reflect.DeepEqual(m.Chairs(), []string{"alice"}) {
				t.Fatalf("state changed: running=%v items=%q chairs=%v", m.Running(), types(m.Items()), m.Chairs())
			}
		})
	}
}

func TestStartAndEnd(t *testing.T) {
	m, said, effects := fold(t,
		"09:59:00 -topic carol Old channel topic",
		"09:59:30 <bob> before the meeting",
		start,
		"10:00:01 <alice> #startmeeting again",
		"10:30:00 <alice> #endmeeting",
		"10:30:05 <bob> after the meeting")
	want := []string{
		"Meeting started Wed Mar  4 10:00:00 2026 UTC.  The chair is alice. Information about MeetBot at http://wiki.debian.org/MeetBot.",
		"Useful Commands: #action #agreed #help #info #idea #link #topic.",
		"Can't start another meeting, one is in progress.",
		"Meeting ended Wed Mar  4 10:30:00 2026 UTC.  Information about MeetBot at http://wiki.debian.org/MeetBot . (v " + Version + ")",
	}
	if !reflect.DeepEqual(said, want) {
		t.Fatalf("said:\n%q\nwant:\n%q", said, want)
	}
	var topics []string
	var final bool
	for _, e := range effects {
		switch e := e.(type) {
		case SetTopic:
			topics = append(topics, e.Topic)
		case WriteFiles:
			final = e.Final
		}
	}
	if !final || !reflect.DeepEqual(topics, []string{"Old channel topic"}) {
		t.Fatalf("end effects: final=%v topics=%q", final, topics)
	}
	if !m.Ended() || m.MeetingTopic() != "Weekly sync" || m.Owner() != "alice" {
		t.Fatalf("state: ended=%v topic=%q owner=%q", m.Ended(), m.MeetingTopic(), m.Owner())
	}
	if n := m.Log().Len(); n != 3 {
		t.Fatalf("log has %d lines, want 3 (start, start again, end)", n)
	}
	min := m.Minutes()
	if !min.Finished || min.Ended == nil || min.Ended.Sub(min.Started).Minutes() != 30 {
		t.Fatalf("minutes finished=%v ended=%v", min.Finished, min.Ended)
	}
}

func TestTopicSetsChannelTopic(t *testing.T) {
	_, _, effects := fold(t, start, "10:00:05 <alice> #topic Budget", "10:00:06 <alice> #meetingtopic none",
		"10:00:07 <alice> #topic Roadmap", "10:00:08 <alice> #lurk", "10:00:09 <alice> #topic Quiet")
	var got []string
	for _, e := range effects {
		if s, ok := e.(SetTopic); ok {
			got = append(got, s.Topic)
		}
	}
	want := []string{"Budget (Meeting topic: Weekly sync)", "Budget", "Roadmap"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("topics %q, want %q", got, want)
	}
}

func TestChairs(t *testing.T) {
	m, said, _ := fold(t, start,
		"10:00:01 <alice> #chair bob, Carol dave",
		"10:00:02 <bob> #topic bob may",
		"10:00:03 <alice> #unchair dave alice",
		"10:00:04 <dave> #topic dave may not",
		"10:00:05 -nick bob robert",
		"10:00:06 <robert> #agreed renamed chair still chairs",
		"10:00:07 <bob> #agreed new bob is nobody")
	if got := m.Chairs(); !reflect.DeepEqual(got, []string{"Carol", "alice", "robert"}) {
		t.Fatalf("chairs %v", got)
	}
	if got := types(m.Items()); got != "TOPIC:bob may | AGREED:renamed chair still chairs" {
		t.Fatalf("items %q", got)
	}
	if said[2] != "Current chairs: Carol alice bob dave" || said[3] != "Current chairs: Carol alice bob" {
		t.Fatalf("chair replies %q", said[2:])
	}
}

// TestChairBoundToAccount: where the network has accounts, chair rights
// belong to the account that held the nick when it was made chair.
func TestChairBoundToAccount(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string // items
	}{
		{"another account on the chair's nick", []string{
			"10:00:02 -quit bob",
			"10:00:03 <bob!mallory> #topic impostor with bob's nick",
			"10:00:04 <robert!bobacct> #topic real bob under another nick"}, "TOPIC:real bob under another nick"},
		{"nobody logged in on the chair's nick", []string{
			"10:00:02 -quit bob",
			"10:00:03 <bob> #topic impostor without an account",
			"10:00:04 <bob> #endmeeting",
			"10:00:05 <bob!bobacct> #topic real bob back"}, "TOPIC:real bob back"},
		{"the account's own nick", []string{"10:00:03 <bob!bobacct> #topic mine"}, "TOPIC:mine"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _, _ := fold(t, append([]string{"09:59:00 <bob!bobacct> hi", start, "10:00:01 <alice> #chair bob"}, tc.lines...)...)
			if got := types(m.Items()); got != tc.want || !m.Running() {
				t.Fatalf("items %q, running %v", got, m.Running())
			}
		})
	}
}

// TestAccountOfANickThatLeft: the account of someone who left is not
// passed on to the next holder of the nick, who would otherwise not be
// chair of a meeting they start or are made chair of.
func TestAccountOfANickThatLeft(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
	}{
		{"quit, then starts the meeting", []string{"09:58:00 <alice!alice> hi", "09:58:30 -quit alice!alice", "09:59:00 -join alice",
			start, "10:00:01 <alice> #topic mine"}},
		{"part, then made chair", []string{"09:58:00 <bob!bobacct> hi", "09:58:30 -part bob!bobacct", "09:59:00 -join bob",
			start, "10:00:01 <alice> #chair bob", "10:00:02 <bob> #topic mine"}},
		{"kicked, then made chair", []string{"09:58:00 <bob!bobacct> hi", "09:58:30 -kick alice bob", "09:59:00 -join bob",
			start, "10:00:01 <alice> #chair bob", "10:00:02 <bob> #topic mine"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _, _ := fold(t, tc.lines...)
			if got := types(m.Items()); got != "TOPIC:mine" {
				t.Fatalf("items %q", got)
			}
		})
	}
}

// TestChairByNickWithoutAccounts: with no accounts known, MeetBot's nick
// rule; the first line with an account binds the chair to it.
func TestChairByNickWithoutAccounts(t *testing.T) {
	m, _, _ := fold(t, start, "10:00:01 <alice> #chair bob", "10:00:02 -quit bob",
		"10:00:03 <bob> #topic same nick, no accounts here")
	if got := types(m.Items()); got != "TOPIC:same nick, no accounts here" {
		t.Fatalf("items %q", got)
	}
	m, _, _ = fold(t, start, "10:00:01 <alice> #chair bob", "10:00:02 <bob!bobacct> #topic bound now",
		"10:00:03 -quit bob", "10:00:04 <bob> #topic not logged in", "10:00:05 <bob!eve> #topic eve")
	if got := types(m.Items()); got != "TOPIC:bound now" {
		t.Fatalf("items %q", got)
	}
}

func TestMeetingName(t *testing.T) {
	m, said, _ := fold(t, start, "10:00:01 <bob> #meetingname  Big Team / Weekly! ")
	if m.Name() != "big_team_/_weekly!" || said[2] != "The meeting name has been set to 'big_team_/_weekly!'" {
		t.Fatalf("name %q said %q", m.Name(), said)
	}
	m2, _, _ := fold(t, start)
	if m2.Name() != "test" {
		t.Fatalf("default name %q", m2.Name())
	}
	m3 := New(Config{Channel: "#test", Name: "Forced Name"})
	for _, l := range script(t, start, "10:00:01 <bob> #meetingname other") {
		m3.Apply(l)
	}
	if m3.Name() != "forced_name" {
		t.Fatalf("configured name %q", m3.Name())
	}
}

func TestUndo(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		items string
		reply string
	}{
		{"last item of any kind", []string{"10:00:01 <bob> #info one", "10:00:02 <carol> #idea two", "10:00:03 <alice> #undo"},
			"INFO:one", "Removing item from minutes: IDEA by carol at 10:00:02 : two"},
		{"topic", []string{"10:00:01 <alice> #topic A", "10:00:02 <alice> #topic B", "10:00:03 <alice> #undo"},
			"TOPIC:A", "Removing item from minutes: TOPIC by alice at 10:00:02 : B"},
		{"auto link", []string{"10:00:01 <bob> http://x.org", "10:00:03 <alice> #undo"},
			"", "Removing item from minutes: LINK by bob at 10:00:01 : http://x.org"},
		{"twice", []string{"10:00:01 <bob> #info one", "10:00:02 <bob> #info two", "10:00:03 <alice> #undo", "10:00:04 <alice> #undo"},
			"", "Removing item from minutes: INFO by bob at 10:00:01 : one"},
		{"nothing to undo", []string{"10:00:03 <alice> #undo"}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, said, _ := fold(t, append([]string{start}, tc.lines...)...)
			if got := types(m.Items()); got != tc.items {
				t.Fatalf("items %q want %q", got, tc.items)
			}
			last := ""
			if len(said) > 2 {
				last = said[len(said)-1]
			}
			if last != tc.reply {
				t.Fatalf("reply %q want %q", last, tc.reply)
			}
		})
	}
	m, _, _ := fold(t, start, "10:00:01 <alice> #topic A", "10:00:02 <alice> #topic B", "10:00:03 <alice> #undo")
	if cur, _ := m.CurrentTopic(); cur.Text != "A" {
		t.Fatalf("current topic after undo %q", cur.Text)
	}
}

func TestPeopleAndLog(t *testing.T) {
	m, _, _ := fold(t, start,
		"10:00:01 <bob> hi",
		"10:00:02 * carol waves",
		"10:00:03 -join dave",
		"10:00:04 <gavel> Current chairs: alice",
		"10:00:05 <alice> #nick erin",
		"10:00:06 <bob> hi again")
	want := []Person{{"alice", 2}, {"bob", 2}, {"carol", 1}, {"gavel", 1}, {"erin", 0}}
	if got := m.People(); !reflect.DeepEqual(got, want) {
		t.Fatalf("people %v want %v", got, want)
	}
	if m.Log().Len() != 6 { // the join is not said
		t.Fatalf("log %d lines", m.Log().Len())
	}
}

func TestLurkSilencesButRecords(t *testing.T) {
	m, said, _ := fold(t, start, "10:00:01 <alice> #lurk", "10:00:02 <alice> #chair bob", "10:00:03 <alice> #topic T",
		"10:00:04 <alice> #unlurk", "10:00:05 <alice> #meetingname x")
	if len(said) != 3 || said[2] != "The meeting name has been set to 'x'" {
		t.Fatalf("said %q", said)
	}
	if types(m.Items()) != "TOPIC:T" || len(m.Chairs()) != 2 {
		t.Fatalf("items %q chairs %v", types(m.Items()), m.Chairs())
	}
}

func TestSaveRestrictCommands(t *testing.T) {
	m, said, effects := fold(t, start, "10:00:01 <alice> #save", "10:00:02 <alice> #restrictlogs", "10:00:03 <bob> #commands")
	var saves int
	for _, e := range effects {
		if w, ok := e.(WriteFiles); ok && !w.Final {
			saves++
		}
	}
	if saves != 1 || !m.Minutes().Restricted {
		t.Fatalf("saves=%d restricted=%v", saves, m.Minutes().Restricted)
	}
	if said[2] != "Restricting permissions on minutes: -077 on next #save" {
		t.Fatalf("restrict reply %q", said[2])
	}
	if !strings.HasPrefix(said[3], "Available commands: #accept #accepted #action #agree #agreed") ||
		!strings.Contains(said[3], "#startvote") || !strings.Contains(said[3], "#undo") {
		t.Fatalf("commands reply %q", said[3])
	}
}

func TestActionOwners(t *testing.T) {
	nicks := []string{"alice", "Bob", "x[m]", "zoë", "carol|away", "dan"}
	tests := []struct {
		text string
		want []string
	}{
		{"alice to write docs", []string{"alice"}},
		{"ALICE and bob", []string{"alice", "Bob"}},
		{"alice_ is someone else", nil},
		{"ask x[m] about it", []string{"x[m]"}},
		{"zoë reviews", []string{"zoë"}},
		{"carol|away: ping", []string{"carol|away"}},
		{"daniel will do it", nil},
		{"(dan) in parens, dan's too", []string{"dan"}},
		{"everyone", nil},
	}
	for _, tc := range tests {
		if got := Owners(tc.text, nicks); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Owners(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
	// Owners come from everyone present at the end, even if they spoke later.
	m, _, _ := fold(t, start, "10:00:01 <alice> #action erin to follow up", "10:00:02 <erin> on it")
	if a := m.Actions(); len(a) != 1 || !reflect.DeepEqual(a[0].Owners, []string{"erin"}) {
		t.Fatalf("actions %+v", a)
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct{ in, name, arg string }{
		{"#topic  spaced  ", "topic", "spaced"},
		{"#TOPIC x", "topic", "x"},
		{"#endmeeting", "endmeeting", ""},
		{"[AGREED] yes", "agreed", "yes"},
		{"#über x", "über", "x"},
		{"#", "", ""},
		{"[]", "", ""},
		{"[1] x", "", ""},
		{"hello #info", "", ""},
	}
	for _, tc := range tests {
		name, arg, ok := parseCommand(tc.in, "#test")
		if name != tc.name || arg != tc.arg || ok != (tc.name != "") {
			t.Errorf("parseCommand(%q) = %q, %q, %v", tc.in, name, arg, ok)
		}
	}
}

func TestSessionSplitsMeetings(t *testing.T) {
	s := NewSession(Config{Channel: "#test"})
	for _, l := range script(t,
		"09:00:00 -topic carol Channel topic",
		"09:00:01 <alice> #startmeeting one", "09:00:02 <bob> #info a", "09:00:03 <alice> #endmeeting",
		"09:00:04 <bob> chatter",
		"09:30:00 <bob> #startmeeting two", "09:30:01 <bob> #info b") {
		s.Apply(l)
	}
	ms := s.Meetings()
	if len(ms) != 2 || types(ms[0].Items()) != "INFO:a" || types(ms[1].Items()) != "INFO:b" ||
		!ms[0].Ended() || !ms[1].Running() || ms[1].Owner() != "bob" || ms[1].ChannelTopic() != "Channel topic" {
		t.Fatalf("meetings: %d", len(ms))
	}
}

// TestChairAccountFromTheServer: a chair who has said nothing is bound to
// the account the server reported for them (an AccountSeen line, from WHO
// replies), so an impostor without it on their nick gets nothing.
func TestChairAccountFromTheServer(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"impostor without an account", []string{"09:59:00 -account bob!bobacct", start, "10:00:01 <alice> #chair bob",
			"10:00:02 -quit bob", "10:00:03 <bob> #topic impostor", "10:00:04 <bob!bobacct> #topic real bob"}, "TOPIC:real bob"},
		{"the real bob, still silent, then speaking", []string{"09:59:00 -account bob!bobacct", start, "10:00:01 <alice> #chair bob",
			"10:00:03 <bob!bobacct> #topic first words"}, "TOPIC:first words"},
		{"without the server's word: MeetBot's nick rule", []string{start, "10:00:01 <alice> #chair bob",
			"10:00:02 -quit bob", "10:00:03 <bob> #topic anyone on the nick"}, "TOPIC:anyone on the nick"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _, _ := fold(t, tc.lines...)
			if got := types(m.Items()); got != tc.want {
				t.Fatalf("items %q, want %q", got, tc.want)
			}
			if m.Log().Len() != len(tc.lines)-strings.Count(strings.Join(tc.lines, "\n"), " -") {
				t.Fatalf("log %d lines: an account line reached the log", m.Log().Len())
			}
		})
	}
}
