package tui

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/gavel-irc/gavel/meeting"
)

type fakeSender struct {
	mu   sync.Mutex
	sent []string
}

func (f *fakeSender) rec(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, s)
}
func (f *fakeSender) Say(ch, text string)    { f.rec("say " + ch + " " + text) }
func (f *fakeSender) Action(ch, text string) { f.rec("action " + ch + " " + text) }
func (f *fakeSender) SetTopic(ch, t string)  { f.rec("topic " + ch + " " + t) }
func (f *fakeSender) Nick(n string)          { f.rec("nick " + n) }
func (f *fakeSender) last() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.sent) == 0 {
		return ""
	}
	return f.sent[len(f.sent)-1]
}

var t0 = time.Date(2026, 6, 16, 15, 0, 0, 0, time.UTC)

// lines turns "nick text" strings into messages one second apart.
func lines(ss ...string) []meeting.Line {
	var out []meeting.Line
	for i, s := range ss {
		nick, text, _ := strings.Cut(s, " ")
		k := meeting.Message
		if strings.HasPrefix(nick, "*") {
			k, nick = meeting.Action, nick[1:]
		}
		out = append(out, meeting.Line{Time: t0.Add(time.Duration(i) * time.Second), Nick: nick, Kind: k, Text: text})
	}
	return out
}

func liveModel(t *testing.T, feed ...string) (*Model, *fakeSender) {
	t.Helper()
	s := &fakeSender{}
	m := New(Options{Network: "testnet", Channel: "#c", Nick: "alice", Send: s, Agenda: []string{"Budget", "Roadmap"}, Dark: true})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for _, l := range lines(feed...) {
		m.Update(LineMsg{Line: l})
	}
	return m, s
}

func press(m *Model, keys ...string) tea.Cmd {
	var last tea.Cmd
	for _, k := range keys {
		_, last = m.Update(keyMsg(k))
		run(last)
	}
	return last
}

// run executes a command the way the program would, one level deep
// (enough for sends).
func run(c tea.Cmd) tea.Msg {
	if c == nil {
		return nil
	}
	return c()
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "f1":
		return tea.KeyPressMsg{Code: tea.KeyF1}
	case "f2":
		return tea.KeyPressMsg{Code: tea.KeyF2}
	case "ctrl+x":
		return tea.KeyPressMsg{Code: 'x', Mod: tea.ModCtrl}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+q":
		return tea.KeyPressMsg{Code: 'q', Mod: tea.ModCtrl}
	case "ctrl+b":
		return tea.KeyPressMsg{Code: 'b', Mod: tea.ModCtrl}
	case "ctrl+f":
		return tea.KeyPressMsg{Code: 'f', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func TestLeaderPrefillKeys(t *testing.T) {
	for letter, want := range map[string]string{
		"t": "#topic ", "i": "#info ", "d": "#idea ", "a": "#action ", "g": "#agreed ", "l": "#link ",
		"c": "#chair ", "v": "#startvote ", "s": "#startmeeting ",
	} {
		t.Run(letter, func(t *testing.T) {
			m, s := liveModel(t)
			press(m, "ctrl+x", letter)
			if got := m.input.Value(); got != want {
				t.Fatalf("^X %s prefilled %q, want %q", letter, got, want)
			}
			typeText(m, "Budget")
			press(m, "enter")
			if s.last() != "say #c "+want+"Budget" {
				t.Fatalf("sent %q", s.last())
			}
		})
	}
}

func TestLeaderSendKeys(t *testing.T) {
	m, s := liveModel(t, "alice #startmeeting")
	// undo and endvote act on the meeting: they wait for Enter
	press(m, "ctrl+x", "u")
	if m.input.Value() != "#undo" || s.last() != "" {
		t.Fatalf("undo: input %q sent %q", m.input.Value(), s.last())
	}
	press(m, "enter")
	if s.last() != "say #c #undo" {
		t.Fatalf("undo sent %q", s.last())
	}
	press(m, "ctrl+x", "e", "enter")
	if s.last() != "say #c #endvote" {
		t.Fatalf("endvote sent %q", s.last())
	}
	press(m, "ctrl+x", "n")
	if s.last() != "say #c #topic Budget" {
		t.Fatalf("next agenda sent %q", s.last())
	}
	press(m, "ctrl+x", "n")
	press(m, "ctrl+x", "n")
	if s.last() != "say #c #topic Roadmap" || !strings.Contains(m.status, "no more agenda") {
		t.Fatalf("agenda end: %q %q", s.last(), m.status)
	}
	// end meeting asks first; n keeps it going, y ends it
	press(m, "ctrl+x", "x")
	if m.mode != modeConfirmEnd || !strings.Contains(ansi.Strip(m.render()), "End the meeting now?") {
		t.Fatal("no confirmation for #endmeeting")
	}
	press(m, "n")
	if s.last() == "say #c #endmeeting" || m.mode != modeLive {
		t.Fatal("n did not cancel")
	}
	press(m, "ctrl+x", "x", "y")
	if s.last() != "say #c #endmeeting" {
		t.Fatalf("y sent %q", s.last())
	}
}

func TestMinutesAndHelpKeys(t *testing.T) {
	m, _ := liveModel(t, "alice #startmeeting", "alice #topic Budget", "bob #info costs are up")
	cmd := press(m, "ctrl+x", "m")
	if m.mode != modeMinutes || cmd == nil {
		t.Fatal("^X m did not open the minutes")
	}
	m.Update(run(cmd))
	if !strings.Contains(ansi.Strip(m.render()), "costs are up") {
		t.Fatalf("minutes preview lacks the item:\n%s", ansi.Strip(m.render()))
	}
	press(m, "esc")
	if m.mode != modeLive {
		t.Fatal("esc did not close the minutes")
	}
	press(m, "?") // input empty: help
	if m.mode != modeHelp || !strings.Contains(ansi.Strip(m.render()), "#startvote") {
		t.Fatal("? did not open the help")
	}
	press(m, "x")
	press(m, "f1")
	if m.mode != modeHelp {
		t.Fatal("f1 did not open the help")
	}
	press(m, "x")
	if m.mode != modeLive {
		t.Fatal("any key closes the help")
	}
}

func TestInputLine(t *testing.T) {
	m, s := liveModel(t, "alice #startmeeting", "albert hi", "bob hey")
	typeText(m, "hello all")
	press(m, "enter")
	if s.last() != "say #c hello all" || m.input.Value() != "" {
		t.Fatalf("plain text: %q", s.last())
	}
	for in, want := range map[string]string{
		"/me waves": "action #c waves", "/nick chair2": "nick chair2", "/topic New topic": "topic #c New topic",
		"//notacommand": "say #c /notacommand", "#info typed as is": "say #c #info typed as is",
	} {
		typeText(m, in)
		press(m, "enter")
		if s.last() != want {
			t.Errorf("%q sent %q, want %q", in, s.last(), want)
		}
	}
	typeText(m, "/bogus")
	press(m, "enter")
	if !strings.Contains(m.status, "unknown command /bogus") {
		t.Fatalf("status %q", m.status)
	}
	// history
	press(m, "up")
	if m.input.Value() != "/bogus" {
		t.Fatalf("history up: %q", m.input.Value())
	}
	press(m, "up", "down")
	if m.input.Value() != "/bogus" {
		t.Fatalf("history down: %q", m.input.Value())
	}
	press(m, "down")
	if m.input.Value() != "" {
		t.Fatalf("history back to draft: %q", m.input.Value())
	}
	// nick completion: at line start "nick: ", again cycles
	typeText(m, "al")
	press(m, "tab")
	if m.input.Value() != "alice: " {
		t.Fatalf("tab: %q", m.input.Value())
	}
	press(m, "tab")
	if m.input.Value() != "albert: " {
		t.Fatalf("tab again: %q", m.input.Value())
	}
}

func TestFocusAndScrollKeys(t *testing.T) {
	var feed []string
	for i := range 200 {
		feed = append(feed, fmt.Sprintf("bob line %d", i))
	}
	m, s := liveModel(t, append([]string{"alice #startmeeting"}, feed...)...)
	bottom := func() string {
		v := strings.Split(ansi.Strip(m.channel.View()), "\n")
		return strings.TrimSpace(v[len(v)-2]) // the last row is the "more below" hint when scrolled
	}
	press(m, "pgup")
	if !m.channel.scrolled() || m.channel.below != m.channel.h-1 || !strings.Contains(ansi.Strip(m.channel.View()), "more below") {
		t.Fatalf("pgup: below %d", m.channel.below)
	}
	if !strings.Contains(bottom(), "line 162") {
		t.Fatalf("pgup shows %q", bottom())
	}
	// a new line while scrolled up does not move the view
	m.Update(LineMsg{Line: lines("carol late line")[0]})
	if !strings.Contains(bottom(), "line 162") || m.channel.below != m.channel.h {
		t.Fatalf("new line moved the view: %q below %d", bottom(), m.channel.below)
	}
	press(m, "pgdown", "pgdown")
	if m.channel.scrolled() {
		t.Fatal("pgdown did not return to the newest line")
	}
	press(m, "ctrl+b", "ctrl+f")
	if m.channel.scrolled() {
		t.Fatal("ctrl+b/ctrl+f")
	}
	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if m.channel.below != 3 {
		t.Fatalf("wheel up: %d", m.channel.below)
	}
	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.channel.scrolled() {
		t.Fatal("wheel down")
	}
	// Esc focuses the channel: j/k/home/end scroll, letters are commands
	press(m, "esc")
	if !m.focusChannel {
		t.Fatal("esc did not focus the channel")
	}
	press(m, "k", "k")
	if m.channel.below != 2 {
		t.Fatalf("k: %d", m.channel.below)
	}
	press(m, "j", "home")
	if !strings.Contains(ansi.Strip(m.channel.View()), "#startmeeting") {
		t.Fatal("home did not reach the oldest line")
	}
	press(m, "end")
	if m.channel.scrolled() {
		t.Fatal("end")
	}
	press(m, "a")
	if m.focusChannel || m.input.Value() != "#action " {
		t.Fatalf("letter in channel focus: %q", m.input.Value())
	}
	press(m, "esc", "i")
	if m.focusChannel || m.input.Value() != "#info " {
		t.Fatalf("i in channel focus prefills #info: %q", m.input.Value())
	}
	press(m, "esc", "enter")
	if m.focusChannel {
		t.Fatal("enter in channel focus goes back to the input")
	}
	_ = s
}

func TestQuitAsksDuringMeeting(t *testing.T) {
	m, _ := liveModel(t, "alice #startmeeting")
	if press(m, "ctrl+c"); m.mode != modeConfirmQuit {
		t.Fatal("ctrl+c during a meeting must ask")
	}
	press(m, "n")
	if m.mode != modeLive || m.quitting {
		t.Fatal("n must cancel")
	}
	press(m, "ctrl+q")
	cmd := press(m, "y")
	if _, ok := run(cmd).(tea.QuitMsg); !ok || !m.quitting {
		t.Fatal("y must quit")
	}
	m2, _ := liveModel(t)
	if _, ok := run(press(m2, "ctrl+c")).(tea.QuitMsg); !ok {
		t.Fatal("no meeting: ctrl+c quits at once")
	}
}

func TestReplayKeys(t *testing.T) {
	r := NewReplay(lines("alice #startmeeting", "bob hi", "alice #topic T", "bob +1"), 10, time.Second)
	m := New(Options{Channel: "#c", Replay: r, Dark: true})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	press(m, "right")
	if r.pos != 1 || !m.Meeting().Running() {
		t.Fatalf("→ did not play a line: %d", r.pos)
	}
	press(m, "space")
	if !r.paused {
		t.Fatal("space did not pause")
	}
	gen := r.gen
	m.Update(replayMsg{gen: gen - 1})
	if r.pos != 1 {
		t.Fatal("a stale tick played a line")
	}
	press(m, "space")
	if r.paused {
		t.Fatal("space did not resume")
	}
	press(m, "+")
	if r.speed != 20 {
		t.Fatalf("+: %g", r.speed)
	}
	press(m, "-", "-")
	if r.speed != 5 {
		t.Fatalf("-: %g", r.speed)
	}
	// the chair's command shows in the input before it lands
	m.Update(replayMsg{gen: r.gen})
	m.Update(replayMsg{gen: r.gen})
	if r.pos != 2 {
		t.Fatalf("pos %d", r.pos)
	}
	m.Update(replayMsg{gen: r.gen})
	if m.input.Value() != "#topic T" || r.pos != 2 {
		t.Fatalf("typing stage: %q pos %d", m.input.Value(), r.pos)
	}
	m.Update(replayMsg{gen: r.gen, apply: true})
	if cur, _ := m.Meeting().CurrentTopic(); cur.Text != "T" || m.input.Value() != "" {
		t.Fatal("the typed command did not land")
	}
	press(m, "ctrl+x", "t")
	if m.input.Value() != "" || !strings.Contains(m.status, "replay") {
		t.Fatal("a replay must not prefill commands")
	}
	if _, ok := run(press(m, "q")).(tea.QuitMsg); !ok {
		t.Fatal("q quits a replay")
	}
}

func TestEndMeetingShowsMinutesAndFiles(t *testing.T) {
	m, _ := liveModel(t, "alice #startmeeting", "alice #topic Budget", "bob #action bob pays", "alice #endmeeting")
	if m.mode != modeMinutes || !m.ended {
		t.Fatal("#endmeeting did not switch to the minutes")
	}
	m.Update(WrittenMsg{Paths: []string{"/a/c/x.html", "/a/c/x.md"}})
	if r := ansi.Strip(m.render()); !strings.Contains(r, "files written in /a/c") || !strings.Contains(r, "x.md") {
		t.Fatalf("files not shown:\n%s", ansi.Strip(m.render()))
	}
	// still browsable: back to the channel, scroll works
	press(m, "esc", "pgup")
	if m.mode != modeLive {
		t.Fatal("cannot leave the minutes")
	}
}

func TestCarryoverOfferedAtStart(t *testing.T) {
	s := &fakeSender{}
	m := New(Options{Channel: "#c", Nick: "alice", Send: s, Dark: true,
		Carryover: []string{"#info Open action items from the last meeting (x, 2026-06-09): 2", "#action bob pays", "#action carol books"}})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(LineMsg{Line: lines("alice #startmeeting")[0]})
	if !strings.Contains(m.status, "2 open action items") {
		t.Fatalf("not offered: %q", m.status)
	}
	press(m, "ctrl+x", "o")
	if len(s.sent) != 3 || s.sent[2] != "say #c #action carol books" {
		t.Fatalf("pasted %q", s.sent)
	}
	press(m, "ctrl+x", "o")
	if len(s.sent) != 3 || !strings.Contains(m.status, "no open action items") {
		t.Fatal("pasted twice")
	}
}

// TestCarryoverLoadedAsACommand: the lookup runs as a command from Init,
// never before the first frame, and its result is offered when the
// meeting is already running.
func TestCarryoverLoadedAsACommand(t *testing.T) {
	called := false
	m := New(Options{Channel: "#c", Nick: "alice", Send: &fakeSender{}, Dark: true,
		LoadCarryover: func() []string {
			called = true
			return []string{"#info Open action items from the last meeting (x, 2026-06-09): 1", "#action bob pays"}
		}})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(LineMsg{Line: lines("alice #startmeeting")[0]})
	if called || m.View().Content == "" {
		t.Fatal("the carry-over was looked up before the first frame")
	}
	var found bool
	for _, msg := range batchMsgs(m.Init()) {
		if c, ok := msg.(carryoverMsg); ok {
			m.Update(c)
			found = true
		}
	}
	if !found || !called || !strings.Contains(m.status, "1 open action item from") {
		t.Fatalf("carry-over not loaded by Init's command: found %v called %v status %q", found, called, m.status)
	}
}

// batchMsgs runs a command and the commands of a batch it returns, one
// level deep, skipping ticks and terminal queries.
func batchMsgs(c tea.Cmd) []tea.Msg {
	if c == nil {
		return nil
	}
	msg := c()
	b, ok := msg.(tea.BatchMsg)
	if !ok {
		return []tea.Msg{msg}
	}
	var out []tea.Msg
	for _, sub := range b {
		if sub == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- sub() }()
		select {
		case m := <-done:
			out = append(out, m)
		case <-time.After(100 * time.Millisecond): // a tick
		}
	}
	return out
}
