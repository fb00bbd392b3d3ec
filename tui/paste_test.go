package tui

import (
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestMultiLinePaste: a paste of several lines asks before sending; y
// sends each line in order, n sends nothing, a makes them the agenda; one
// line goes into the input and nothing is sent.
func TestMultiLinePaste(t *testing.T) {
	tests := []struct {
		name    string
		typed   string // in the input before the paste
		paste   string
		keys    []string
		prompt  string // footer after the paste ("" = no question)
		sent    []string
		input   string // input line at the end
		agenda  []string
		endMode mode
	}{
		{"five lines, yes", "", "one\ntwo\r\nthree\n\nfour\rfive\n", []string{"y"}, "Send 5 lines? y/n · a: use them as the agenda",
			[]string{"say #c one", "say #c two", "say #c three", "say #c four", "say #c five"}, "", []string{"Budget", "Roadmap"}, modeLive},
		{"no sends nothing", "", "#topic a\n#endmeeting", []string{"n"}, "Send 2 lines? y/n", nil, "", []string{"Budget", "Roadmap"}, modeLive},
		{"esc is no", "", "a\nb", []string{"esc"}, "Send 2 lines?", nil, "", []string{"Budget", "Roadmap"}, modeLive},
		{"other keys keep asking", "", "a\nb", []string{"x", "enter"}, "Send 2 lines?", nil, "", []string{"Budget", "Roadmap"}, modeConfirmPaste},
		{"agenda", "", "1. Intro\n- Budget\n", []string{"a"}, "Send 2 lines?", nil, "", []string{"Intro", "Budget"}, modeLive},
		{"typed text starts the first line", "#info ", "x\ny", []string{"y"}, "Send 2 lines?", []string{"say #c #info x", "say #c y"}, "",
			[]string{"Budget", "Roadmap"}, modeLive},
		{"one line goes to the input", "#info ", "just one line\n", nil, "", nil, "#info just one line", []string{"Budget", "Roadmap"}, modeLive},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, s := liveModel(t, "alice #startmeeting")
			typeText(m, tc.typed)
			_, cmd := m.Update(tea.PasteMsg{Content: tc.paste})
			run(cmd)
			footer := ansi.Strip(m.footer())
			if tc.prompt == "" && m.mode == modeConfirmPaste || !strings.Contains(footer, tc.prompt) {
				t.Fatalf("after the paste: mode %v, footer %q", m.mode, footer)
			}
			if len(s.sent) != 0 {
				t.Fatalf("sent before the answer: %q", s.sent)
			}
			press(m, tc.keys...)
			if !reflect.DeepEqual(s.sent, tc.sent) || m.input.Value() != tc.input || m.mode != tc.endMode ||
				!reflect.DeepEqual(m.opts.Agenda, tc.agenda) {
				t.Fatalf("sent %q, input %q, mode %v, agenda %q", s.sent, m.input.Value(), m.mode, m.opts.Agenda)
			}
		})
	}
}
