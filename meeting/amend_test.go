package meeting

import (
	"strings"
	"testing"
	"time"
)

func amendFixture(t *testing.T) *Minutes {
	t.Helper()
	m, _, _ := fold(t,
		"10:00:00 <alice> #startmeeting infra",          // 1
		"10:00:10 <alice> #topic Budget",                // 2
		"10:00:20 <alice> #info the roof leaks",         // 3
		"10:00:30 <alice> #action bob fix roof",         // 4
		"10:00:40 <carol> call me on 555-0199",          // 5
		"10:00:50 <alice> #action carol phone 555-0199", // 6
		"10:01:00 <alice> #endmeeting")
	return m.Minutes()
}

func TestAmend(t *testing.T) {
	at := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		a    Amendment
		err  string
		// check looks at the amended minutes.
		check func(t *testing.T, m *Minutes)
	}{
		{"text of an info", Amendment{Op: AmendText, Line: 3, Text: "the roof leaks badly"}, "", func(t *testing.T, m *Minutes) {
			it, _ := m.itemAt(3)
			if it.Text != "the roof leaks badly [amended by alice on 2026-03-05: typo fixed]" || len(it.Amendments) != 1 {
				t.Fatalf("item %+v", it)
			}
		}},
		{"type info to agreed", Amendment{Op: AmendType, Line: 3, Type: "AGREED"}, "", func(t *testing.T, m *Minutes) {
			it, _ := m.itemAt(3)
			if it.Type != TypeAgreed || !strings.HasSuffix(it.Text, "[amended by alice on 2026-03-05: typo fixed]") {
				t.Fatalf("item %+v", it)
			}
		}},
		{"action text follows into Action Items", Amendment{Op: AmendText, Line: 4, Text: "bob fix the roof"}, "", func(t *testing.T, m *Minutes) {
			if len(m.Actions) != 2 || !strings.HasPrefix(m.Actions[0].Text, "bob fix the roof [amended") {
				t.Fatalf("actions %+v", m.Actions)
			}
		}},
		{"owners of an action", Amendment{Op: AmendOwners, Line: 4, Owners: []string{"dave"}}, "", func(t *testing.T, m *Minutes) {
			if got := m.Actions[0].Owners; len(got) != 1 || got[0] != "dave" {
				t.Fatalf("owners %v", got)
			}
		}},
		{"void an action: it leaves the action items", Amendment{Op: AmendVoid, Line: 4}, "", func(t *testing.T, m *Minutes) {
			it, _ := m.itemAt(4)
			if len(m.Actions) != 1 || m.Actions[0].Line != 6 || !strings.HasPrefix(it.Text, "[voided by alice") {
				t.Fatalf("actions %+v item %+v", m.Actions, it)
			}
		}},
		{"info becomes an action", Amendment{Op: AmendType, Line: 3, Type: "ACTION"}, "", func(t *testing.T, m *Minutes) {
			if len(m.Actions) != 3 || m.Actions[0].Line != 3 {
				t.Fatalf("actions %+v", m.Actions)
			}
		}},
		{"redact a chatter line", Amendment{Op: AmendRedact, Line: 5}, "", func(t *testing.T, m *Minutes) {
			if got := m.Log.At(4).Text; got != "[redacted by alice on 2026-03-05: typo fixed]" {
				t.Fatalf("log line 5 = %q", got)
			}
		}},
		{"redact a line that made an item", Amendment{Op: AmendRedact, Line: 6}, "", func(t *testing.T, m *Minutes) {
			it, _ := m.itemAt(6)
			for _, s := range []string{it.Text, m.Actions[1].Text, m.Log.At(5).Text} {
				if strings.Contains(s, "555") || !strings.HasPrefix(s, "[redacted by alice") {
					t.Fatalf("redacted text still there: %q", s)
				}
			}
		}},
		{"topic title", Amendment{Op: AmendText, Line: 2, Text: "Budget 2027"}, "", func(t *testing.T, m *Minutes) {
			if !strings.HasPrefix(m.Topics[0].Title, "Budget 2027 [amended") {
				t.Fatalf("topic %q", m.Topics[0].Title)
			}
		}},
		{"no item at the line", Amendment{Op: AmendText, Line: 5, Text: "x"}, "no item at that line 5 (items are at lines 2, 3, 4, 6)", nil},
		{"owners of an info", Amendment{Op: AmendOwners, Line: 3, Owners: []string{"x"}}, "not an action", nil},
		{"owners of a topic", Amendment{Op: AmendOwners, Line: 2}, "is a topic", nil},
		{"unknown type", Amendment{Op: AmendType, Line: 3, Type: "SHRUG"}, `unknown item type "SHRUG"`, nil},
		{"empty text", Amendment{Op: AmendText, Line: 3, Text: "  "}, "empty", nil},
		{"redact past the log", Amendment{Op: AmendRedact, Line: 99}, "no line 99", nil},
		{"no reason", Amendment{Op: AmendVoid, Line: 3, Why: " "}, "needs a reason", nil},
		{"unknown op", Amendment{Op: "shred", Line: 3}, `unknown amendment "shred"`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := amendFixture(t)
			a := tc.a
			a.By, a.At = "alice", at
			if a.Why == "" {
				a.Why = "typo   fixed"
			}
			err := Amend(m, &a)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, m)
			if a.Op == AmendRedact && a.Old != "" {
				t.Fatalf("a redaction kept what it removed: %q", a.Old)
			}
		})
	}
}

// A redaction changes this snapshot of the log only, never another one
// sharing its storage.
func TestRedactLeavesOtherSnapshots(t *testing.T) {
	m := amendFixture(t)
	other := m.Log
	a := Amendment{Op: AmendRedact, Line: 5, By: "alice", At: day, Why: "personal data"}
	if err := Amend(m, &a); err != nil {
		t.Fatal(err)
	}
	if got := other.At(4).Text; got != "call me on 555-0199" {
		t.Fatalf("the other snapshot changed: %q", got)
	}
}

func TestAmendVoidedItemIsFinal(t *testing.T) {
	m := amendFixture(t)
	v := Amendment{Op: AmendVoid, Line: 3, By: "alice", At: day, Why: "duplicate"}
	if err := Amend(m, &v); err != nil {
		t.Fatal(err)
	}
	x := Amendment{Op: AmendText, Line: 3, Text: "again", By: "alice", At: day, Why: "oops"}
	if err := Amend(m, &x); err == nil || !strings.Contains(err.Error(), "voided or redacted") {
		t.Fatalf("amending a voided item: %v", err)
	}
}
