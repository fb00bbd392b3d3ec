package meeting

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// AmendOp is what an amendment does to the record.
type AmendOp string

// The amendments a chair can make after a meeting.
const (
	// AmendText replaces an item's text.
	AmendText AmendOp = "text"
	// AmendType changes an item's type (an #info that was really #agreed).
	AmendType AmendOp = "type"
	// AmendOwners sets the owners of an action item.
	AmendOwners AmendOp = "owners"
	// AmendVoid strikes an item from the record: it stays, marked, but no
	// longer counts (a voided action is no longer an action item).
	AmendVoid AmendOp = "void"
	// AmendRedact removes what a log line said (personal data) from the
	// log and from any item it made, leaving a note of who and why.
	AmendRedact AmendOp = "redact"
)

// Amendment is one correction of a finished meeting's record. Amendments
// are kept as records (who, when, why) beside the meeting and applied in
// order to its minutes; the meeting itself is never rewritten.
type Amendment struct {
	Op AmendOp `json:"op"`
	// Line is the 1-based log line of the item (Item.Line), or of the
	// line to redact.
	Line   int       `json:"line"`
	Text   string    `json:"text,omitempty"`
	Type   ItemType  `json:"type,omitempty"`
	Owners []string  `json:"owners,omitempty"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Why    string    `json:"why"`
	// Old is what a text, type or owners amendment replaced, for the
	// trail. A redaction never keeps what it removed.
	Old string `json:"old,omitempty"`
}

// AmendMark is what a minutes item carries of the amendments made to it.
type AmendMark struct {
	Op  AmendOp   `json:"op"`
	By  string    `json:"by"`
	At  time.Time `json:"at"`
	Why string    `json:"why"`
}

// ErrNoItem means an amendment names a line that made no item.
var ErrNoItem = errors.New("no item at that line")

// amendable are the types an item may be changed to.
var amendable = []ItemType{TypeInfo, TypeIdea, TypeAgreed, TypeAccepted, TypeRejected, TypeAction, TypeLink, TypeHelp}

// Check reports what is wrong with an amendment before it is recorded:
// a missing reason, an unknown type, nothing to do.
func (a Amendment) Check() error {
	if strings.TrimSpace(a.By) == "" {
		return errors.New("an amendment needs who makes it")
	}
	if strings.TrimSpace(a.Why) == "" {
		return errors.New("an amendment needs a reason (--why)")
	}
	if a.Line < 1 {
		return errors.New("an amendment needs the item's log line (--line N, from 1)")
	}
	switch a.Op {
	case AmendText:
		if strings.TrimSpace(a.Text) == "" {
			return errors.New("the new text is empty (void the item instead)")
		}
	case AmendType:
		if !slices.Contains(amendable, a.Type) {
			return fmt.Errorf("unknown item type %q (one of %s)", a.Type, typeList())
		}
	case AmendOwners, AmendVoid, AmendRedact:
	default:
		return fmt.Errorf("unknown amendment %q", a.Op)
	}
	return nil
}

func typeList() string {
	s := make([]string, len(amendable))
	for i, t := range amendable {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// ParseItemType reads an item type as a chair types it ("agreed", "#agreed").
func ParseItemType(s string) ItemType {
	return ItemType(strings.ToUpper(strings.TrimPrefix(strings.TrimSpace(s), "#")))
}

// Note is the visible mark an amendment leaves in the text of the record.
func (a Amendment) Note() string {
	verb := map[AmendOp]string{AmendText: "amended", AmendType: "amended", AmendOwners: "amended",
		AmendVoid: "voided", AmendRedact: "redacted"}[a.Op]
	return fmt.Sprintf("[%s by %s on %s: %s]", verb, a.By, a.At.UTC().Format("2006-01-02"), oneLine(a.Why))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Amend applies one amendment to m in place, filling in a.Old. It fails,
// changing nothing, when the line made no item (or, for a redaction, is
// not in the log) or the item cannot take the change.
func Amend(m *Minutes, a *Amendment) error {
	if err := a.Check(); err != nil {
		return err
	}
	if a.Op == AmendRedact {
		return redact(m, a)
	}
	it, topic := m.itemAt(a.Line)
	if it == nil && topic == nil {
		return fmt.Errorf("%w %d (items are at lines %s)", ErrNoItem, a.Line, m.itemLines())
	}
	mark := AmendMark{Op: a.Op, By: a.By, At: a.At, Why: oneLine(a.Why)}
	if topic != nil {
		if a.Op != AmendText && a.Op != AmendVoid {
			return fmt.Errorf("line %d is a topic: only its text can be amended, or the topic voided", a.Line)
		}
		a.Old = topic.Title
		if a.Op == AmendText {
			topic.Title = oneLine(a.Text) + " " + a.Note()
		} else {
			topic.Title = a.Note() + " " + topic.Title
		}
		return nil
	}
	if strings.HasPrefix(it.Text, "[voided by ") || strings.HasPrefix(it.Text, "[redacted by ") {
		return fmt.Errorf("the item at line %d was voided or redacted; it cannot be amended further", a.Line)
	}
	switch a.Op {
	case AmendText:
		a.Old = it.Text
		it.Text = oneLine(a.Text) + " " + a.Note()
	case AmendType:
		a.Old = string(it.Type)
		if it.Type == TypeTopic || it.Type == TypeVote {
			return fmt.Errorf("the item at line %d is a %s; its type cannot change", a.Line, it.Type)
		}
		it.Type = a.Type
		it.Text += " " + a.Note()
	case AmendOwners:
		if it.Type != TypeAction {
			return fmt.Errorf("the item at line %d is %s, not an action: it has no owners", a.Line, it.Type)
		}
		a.Old = strings.Join(it.Owners, ",")
		it.Owners = slices.Clone(a.Owners)
		it.Text += " " + a.Note()
	case AmendVoid:
		it.Text = a.Note() + " " + it.Text
	}
	it.Amendments = append(it.Amendments, mark)
	m.syncActions(it)
	return nil
}

// redact replaces what line a.Line said, in the log and in every item it
// made, with the amendment's note.
func redact(m *Minutes, a *Amendment) error {
	if a.Line > m.Log.Len() {
		return fmt.Errorf("the log has %d lines; there is no line %d to redact", m.Log.Len(), a.Line)
	}
	note := a.Note()
	m.Log.set(a.Line-1, note)
	mark := AmendMark{Op: a.Op, By: a.By, At: a.At, Why: oneLine(a.Why)}
	if it, topic := m.itemAt(a.Line); it != nil {
		it.Text = note
		it.Amendments = append(it.Amendments, mark)
		m.syncActions(it)
	} else if topic != nil {
		topic.Title = note
	}
	return nil
}

// itemAt finds the item (or the topic) made by log line n.
func (m *Minutes) itemAt(n int) (*Item, *Topic) {
	for i := range m.Prologue {
		if m.Prologue[i].Line == n {
			return &m.Prologue[i], nil
		}
	}
	for ti := range m.Topics {
		t := &m.Topics[ti]
		if t.Line == n {
			return nil, t
		}
		for i := range t.Items {
			if t.Items[i].Line == n {
				return &t.Items[i], nil
			}
		}
	}
	return nil, nil
}

func (m *Minutes) itemLines() string {
	var ns []string
	for _, it := range m.AllItems() {
		ns = append(ns, fmt.Sprint(it.Line))
	}
	if len(ns) == 0 {
		return "none: the meeting has no items"
	}
	return strings.Join(ns, ", ")
}

// syncActions keeps the Action Items list in step with an amended item: a
// voided item, or one no longer an action, leaves it; an item that became
// an action joins it, in log order.
func (m *Minutes) syncActions(it *Item) {
	i := slices.IndexFunc(m.Actions, func(a ActionItem) bool { return a.Line == it.Line })
	keep := it.Type == TypeAction && !strings.HasPrefix(it.Text, "[voided by ")
	switch {
	case !keep && i >= 0:
		m.Actions = slices.Delete(m.Actions, i, i+1)
	case keep && i >= 0:
		m.Actions[i].Text, m.Actions[i].Owners = it.Text, slices.Clone(it.Owners)
	case keep:
		m.Actions = append(m.Actions, ActionItem{Text: it.Text, Nick: it.Nick, Time: it.Time, Line: it.Line, Owners: slices.Clone(it.Owners)})
		slices.SortStableFunc(m.Actions, func(a, b ActionItem) int { return a.Line - b.Line })
	}
}
